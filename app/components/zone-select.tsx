import { COMMON_ZONES } from "./zone-picker";

/** A labelled time-zone select: common zones first, then every zone. */
export function ZoneSelect({
  zones,
  defaultValue,
  error,
  name = "timeZone",
  label = "Time zone",
  hint = "Times in emails and on the site are shown in this zone.",
}: {
  zones: string[];
  defaultValue: string;
  error?: string;
  name?: string;
  label?: string;
  hint?: string;
}) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
      >
        <optgroup label="Common">
          {COMMON_ZONES.map((z) => (
            <option key={`c-${z}`} value={z}>
              {z.replace(/_/g, " ")}
            </option>
          ))}
        </optgroup>
        <optgroup label="All zones">
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, " ")}
            </option>
          ))}
        </optgroup>
      </select>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
