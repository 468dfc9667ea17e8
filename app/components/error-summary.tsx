import { useEffect, useId, useRef } from "react";

/**
 * What went wrong with a form, at its top: a heading, then each problem as a
 * link to its field (the same words as the message beside the field). It
 * takes focus whenever a new set of errors arrives, so keyboard and screen
 * reader users land on it instead of losing their place when the page
 * changes under them. Errors that belong to no field (key "form") are listed
 * without a link.
 */
export function ErrorSummary({
  errors,
  title = "There is a problem",
  fieldIds = {},
}: {
  errors: Record<string, string | undefined> | null | undefined;
  title?: string;
  /** Field ids that are not `field-<name>`. */
  fieldIds?: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const problems = Object.entries(errors ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "",
  );
  const shown = problems.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
    // A new errors object is a new submission: focus again even if the count is the same.
  }, [errors, shown]);
  if (!shown) return null;
  return (
    <div className="error-summary" tabIndex={-1} ref={ref} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="error-summary__title">
        {title}
      </h2>
      <ul>
        {problems.map(([name, message]) => (
          <li key={name}>
            {name === "form" ? (
              message
            ) : (
              <a href={`#${fieldIds[name] ?? `field-${name}`}`}>{message}</a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
