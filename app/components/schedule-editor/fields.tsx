import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** Ids for a field's hint and error, joined for aria-describedby. */
function describedBy(id: string, hint: unknown, error: unknown) {
  return (
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}

function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
}

/** A labelled textarea whose error sits next to it and is announced with it. */
export function TextAreaField({ name, label, error, hint, id, ...rest }: TextAreaProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <textarea
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        {...rest}
      />
      <HintAndError id={fieldId} hint={hint} error={error} />
    </div>
  );
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  options: { value: string; label: string }[];
}

export function SelectField({ name, label, error, hint, id, options, ...rest }: SelectProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <select
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <HintAndError id={fieldId} hint={hint} error={error} />
    </div>
  );
}

/**
 * An ordered list of people as numbered slots (a select each), so the order
 * is the slots' order and it works without JavaScript. The error belongs to
 * the whole group.
 */
export function PeopleSlots({
  name,
  legend,
  itemLabel,
  slots,
  chosen,
  options,
  error,
  hint,
}: {
  name: string;
  legend: string;
  /** "Host": the slots are labelled "Host 1", "Host 2", ... */
  itemLabel: string;
  slots: number;
  chosen: string[];
  options: { value: string; label: string }[];
  error?: string;
  hint?: ReactNode;
}) {
  const groupId = `group-${name}`;
  const count = Math.max(slots, chosen.length);
  return (
    <fieldset className="stack people-slots" aria-describedby={describedBy(groupId, hint, error)}>
      <legend>{legend}</legend>
      <HintAndError id={groupId} hint={hint} error={error} />
      {Array.from({ length: count }, (_, i) => (
        <SelectField
          key={`${name}-${i}`}
          id={`field-${name}-${i + 1}`}
          name={name}
          label={`${itemLabel} ${i + 1}`}
          defaultValue={chosen[i] ?? ""}
          options={[{ value: "", label: "— none —" }, ...options]}
        />
      ))}
    </fieldset>
  );
}
