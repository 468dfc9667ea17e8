import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
}

/** A labelled input whose error sits next to it and is announced with it. */
export function Field({ name, label, error, hint, id, ...input }: FieldProps) {
  const fieldId = id ?? `field-${name}`;
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p id={`${fieldId}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {error ? (
        <p id={`${fieldId}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface CheckboxProps {
  name: string;
  label: ReactNode;
  defaultChecked?: boolean;
  error?: string;
  required?: boolean;
}

export function Checkbox({ name, label, defaultChecked, error, required }: CheckboxProps) {
  const id = `field-${name}`;
  return (
    <div className="field field--checkbox">
      <input
        type="checkbox"
        id={id}
        name={name}
        defaultChecked={defaultChecked}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A form-level message (errors from the server that belong to no single field). */
export function FormMessage({ error, success }: { error?: string; success?: string }) {
  if (error)
    return (
      <p className="notice notice--error" role="alert">
        {error}
      </p>
    );
  if (success)
    return (
      <p className="notice notice--success" role="status">
        {success}
      </p>
    );
  return null;
}

/** Ids for a field's hint and error, joined for aria-describedby. */
function describedBy(id: string, hint: unknown, error: unknown) {
  return (
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={`${id}-hint`} className="field-hint">
      {hint}
    </p>
  ) : null;
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
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
      <Hint id={fieldId} hint={hint} />
      <textarea
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        {...rest}
      />
      <FieldError id={fieldId} error={error} />
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
      <Hint id={fieldId} hint={hint} />
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
      <FieldError id={fieldId} error={error} />
    </div>
  );
}
