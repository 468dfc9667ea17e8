import { z } from "zod";
import { instantFromFestivalTime } from "~/lib/festival-time";
import type { FieldErrors, FormResult } from "~/lib/form";
import { SLUG_PATTERN, slugify } from "~/lib/slug";

/**
 * What the schedule editor's forms mean: typed values from the strings a
 * browser sends, with a message for each field that is wrong. Rules that
 * need the database (a slug already taken, seats already held) are checked
 * by the model when saving.
 */

export const MAX_HOST_SLOTS = 6;
export const MAX_SPEAKER_SLOTS = 6;
export const JOIN_URL_MAX_LENGTH = 2000;
export const MAX_CAPACITY = 100_000;

export interface WebinarDetailsInput {
  title: string;
  slug: string;
  topic: string;
  abstract: string;
  capacity: number | null;
  joinUrl: string | null;
  /** Faculty profile ids, in the order they are shown. */
  hostIds: string[];
  /** Speaker ids, in the order they are shown. */
  speakerIds: string[];
}

export interface WebinarTimeInput {
  startsAt: Date;
  durationMinutes: number;
  /** Set when the local time was ambiguous (autumn): which one was taken. */
  note: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const trimmed = (max: number, tooLong: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(z.string().max(max, tooLong));

/** An https address with a host and no user name or password, normalised; "" for none. */
export function checkJoinUrl(
  raw: string,
): { ok: true; url: string | null } | { ok: false; error: string } {
  const value = raw.trim();
  if (value === "") return { ok: true, url: null };
  if (value.length > JOIN_URL_MAX_LENGTH) {
    return { ok: false, error: `Keep the join link under ${JOIN_URL_MAX_LENGTH} characters.` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      ok: false,
      error: "Enter the full join link, starting with https://, e.g. https://zoom.us/j/123",
    };
  }
  if (url.protocol !== "https:") {
    return { ok: false, error: "The join link must start with https:// (a secure address)." };
  }
  if (!url.hostname) return { ok: false, error: "The join link must name a website." };
  if (url.username || url.password) {
    return { ok: false, error: "The join link must not contain a user name or password." };
  }
  return { ok: true, url: url.href };
}

const DetailsSchema = z.object({
  title: trimmed(200, "Keep the title under 200 characters.").pipe(
    z.string().min(1, "Enter a title."),
  ),
  slug: trimmed(120, "Keep the address under 120 characters.").pipe(
    z
      .string()
      .refine(
        (v) => v === "" || SLUG_PATTERN.test(v),
        "Use lowercase letters, digits and hyphens only, e.g. mapping-networks.",
      ),
  ),
  topic: trimmed(100, "Keep the topic under 100 characters."),
  abstract: z
    .string()
    .optional()
    .transform((v) => (v ?? "").replace(/\r\n/g, "\n"))
    .pipe(z.string().max(20_000, "Keep the abstract under 20,000 characters.")),
  capacity: z
    .string()
    .optional()
    .transform((v, ctx): number | null => {
      const value = (v ?? "").trim();
      if (value === "") return null;
      const fail = (message: string) => {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      };
      if (!/^\d+$/.test(value)) {
        return fail("Enter a whole number of seats, or leave it empty for no limit.");
      }
      const seats = Number(value);
      if (seats < 1) return fail("A webinar needs at least 1 seat (leave it empty for no limit).");
      if (seats > MAX_CAPACITY)
        return fail(`At most ${MAX_CAPACITY.toLocaleString("en-GB")} seats.`);
      return seats;
    }),
  joinUrl: z.string().optional(),
});

/** Ids chosen in the slots of one list (empty slots skipped), in order; repeats and junk refused. */
function orderedIds(
  form: FormData,
  name: string,
  max: number,
  what: string,
): { ok: true; ids: string[] } | { ok: false; error: string } {
  const values = form
    .getAll(name)
    .map((v) => (typeof v === "string" ? v.trim() : ""))
    .filter((v) => v !== "");
  if (values.length > max) return { ok: false, error: `At most ${max} ${what}.` };
  if (!values.every((v) => UUID.test(v))) {
    return { ok: false, error: `Choose ${what} from the list.` };
  }
  if (new Set(values).size !== values.length) {
    return { ok: false, error: `Each of the ${what} can be chosen once.` };
  }
  return { ok: true, ids: values };
}

export function parseDetails(form: FormData): FormResult<WebinarDetailsInput> {
  const values = stringValues(form);
  const parsed = DetailsSchema.safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : firstErrors(parsed.error.issues);
  const join = checkJoinUrl(values.joinUrl ?? "");
  if (!join.ok) errors.joinUrl = join.error;
  const hosts = orderedIds(form, "host", MAX_HOST_SLOTS, "hosts");
  if (!hosts.ok) errors.hosts = hosts.error;
  const speakers = orderedIds(form, "speaker", MAX_SPEAKER_SLOTS, "guest speakers");
  if (!speakers.ok) errors.speakers = speakers.error;
  if (!parsed.success || !join.ok || !hosts.ok || !speakers.ok) {
    return { ok: false, errors, values };
  }
  const { title, slug, topic, abstract, capacity } = parsed.data;
  const finalSlug = slug || slugify(title);
  if (!SLUG_PATTERN.test(finalSlug)) {
    return {
      ok: false,
      errors: { slug: "Choose an address made of lowercase letters, digits and hyphens." },
      values,
    };
  }
  return {
    ok: true,
    data: {
      title,
      slug: finalSlug,
      topic,
      abstract,
      capacity,
      joinUrl: join.url,
      hostIds: hosts.ids,
      speakerIds: speakers.ids,
    },
  };
}

const DurationSchema = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim())
  .pipe(
    z
      .string()
      .regex(/^\d+$/, "Enter the length in whole minutes, e.g. 30.")
      .transform(Number)
      .pipe(
        z
          .number()
          .min(5, "A webinar lasts between 5 and 600 minutes.")
          .max(600, "A webinar lasts between 5 and 600 minutes."),
      ),
  );

/** The start (a date and time in the festival's zone) and the length in minutes. */
export function parseTime(form: FormData, zone: string): FormResult<WebinarTimeInput> {
  const errors: FieldErrors = {};
  const date = String(form.get("startDate") ?? "").trim();
  const time = String(form.get("startTime") ?? "").trim();
  const start = instantFromFestivalTime(date, time, zone);
  if (!start.ok) errors[start.field] = start.error;
  const duration = DurationSchema.safeParse(form.get("duration") ?? undefined);
  if (!duration.success) errors.duration = duration.error.issues[0]?.message ?? "Check the length.";
  if (!start.ok || !duration.success) return { ok: false, errors, values: stringValues(form) };
  return {
    ok: true,
    data: { startsAt: start.instant, durationMinutes: duration.data, note: start.note },
  };
}

function firstErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/** Every submitted string, repeats kept as the first; the form shows them again after an error. */
export function stringValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    // Longer than any field may be, so an over-long answer comes back whole with its message.
    if (typeof value === "string" && !(key in values)) values[key] = value.slice(0, 50_000);
  }
  return values;
}

/** The ids chosen in each slot, for showing a form again exactly as it was sent. */
export function typedSlots(form: FormData): { host: string[]; speaker: string[] } {
  const all = (name: string) =>
    form.getAll(name).map((v) => (typeof v === "string" ? v.slice(0, 40) : ""));
  return { host: all("host"), speaker: all("speaker") };
}
