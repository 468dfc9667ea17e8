import type { ReactNode } from "react";
import { SelectField } from "~/components/field";

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
