import { z } from "zod";

/** Field errors keyed by field name: what a form shows next to each field. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/**
 * NUL cannot be typed, only sent by a script, and PostgreSQL refuses it in
 * text (the whole query fails): it is dropped from whatever arrives.
 */
export function withoutNul(value: string): string {
  return value.includes("\u0000") ? value.replaceAll("\u0000", "") : value;
}

/** Every submitted value as a string (files and repeats ignored), for re-filling a form. */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !(key in values))
      values[key] = withoutNul(value).slice(0, 5_000);
  }
  return values;
}

/** Parses a form with a zod schema, keeping the first message for each field. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.infer<S>> {
  const values = formValues(form);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** A text field: trimmed, optional unless min > 0, with a length limit named in the message. */
export function text(label: string, max: number, min = 0) {
  return z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(
      z
        .string()
        .min(min, `Enter your ${label}.`)
        .max(max, `Keep your ${label} under ${max} characters.`),
    );
}

/** An HTML checkbox: present ("on") or absent. */
export const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");
