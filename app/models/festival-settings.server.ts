import { and, eq, gt } from "drizzle-orm";
import { DateTime } from "luxon";
import { z } from "zod";
import { db } from "~db/client.server";
import { festival, webinar } from "~db/schema";
import { enqueueEmails } from "~emails/outbox.server";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { REMINDER_UNITS, type ReminderUnit } from "~/lib/reminder-units";
import { isValidZone } from "~/lib/time";
import { changedFields, recordAudit, type Actor } from "./audit.server";
import { contrastWithWhite } from "~/lib/brand-colour";
import type { Festival } from "./festival.server";
import { replanWebinarReminders } from "./reminders.server";

/**
 * The festival's own settings, as organisers change them in the back office.
 * Reminder offsets re-plan every pending reminder in the same transaction, so
 * what the settings page says is what the mailer does.
 */

/** 1440 -> { amount: 1, unit: "days" }: the largest unit that divides it, for the form. */
export function splitOffset(minutes: number): { amount: number; unit: ReminderUnit } {
  if (minutes % 1440 === 0) return { amount: minutes / 1440, unit: "days" };
  if (minutes % 60 === 0) return { amount: minutes / 60, unit: "hours" };
  return { amount: minutes, unit: "minutes" };
}

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .refine((s) => DateTime.fromISO(s).isValid && /^\d{4}-\d{2}-\d{2}$/.test(s), {
      message: `Enter the ${label} as a date (YYYY-MM-DD).`,
    });

const RETENTION_MESSAGE =
  "Enter a whole number of days from 1 to 3650 (ten years) to keep registrants' personal data after the last day.";

const settingsInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Give the festival a name.")
      .max(120, "Keep the name under 120 characters."),
    tagline: z.string().trim().max(200, "Keep the tagline under 200 characters."),
    description: z.string().max(5000, "Keep the description under 5,000 characters."),
    startsOn: isoDate("first day"),
    endsOn: isoDate("last day"),
    timeZone: z.string().trim().refine(isValidZone, {
      message: "Choose a time zone from the list (for example Europe/London).",
    }),
    contactEmail: z.email("Enter the mailbox people can write to, like hello@example.org."),
    registrationOpen: z.boolean(),
    brandColour: z
      .string()
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, "Enter a colour as # and six hex digits, like #0b5563."),
    retentionDays: z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, RETENTION_MESSAGE)
      .transform(Number)
      .pipe(z.number().int().min(1, RETENTION_MESSAGE).max(3650, RETENTION_MESSAGE)),
  })
  .superRefine((v, ctx) => {
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn) {
      ctx.addIssue({
        code: "custom",
        path: ["endsOn"],
        message: "The last day cannot be before the first day.",
      });
    }
    const days = DateTime.fromISO(v.endsOn).diff(DateTime.fromISO(v.startsOn), "days").days;
    if (days > 60) {
      ctx.addIssue({
        code: "custom",
        path: ["endsOn"],
        message: "A festival here lasts at most two months.",
      });
    }
    if (/^#[0-9a-fA-F]{6}$/.test(v.brandColour)) {
      const ratio = contrastWithWhite(v.brandColour);
      if (ratio < 4.5) {
        ctx.addIssue({
          code: "custom",
          path: ["brandColour"],
          message: `This colour is too light for white text on buttons (contrast ${ratio.toFixed(1)}:1; at least 4.5:1 is needed). Choose a darker shade.`,
        });
      }
    }
  });

export type SettingsField =
  keyof z.input<typeof settingsInput> | "reminders" | `reminder${number}` | "logo";
export type SettingsErrors = Partial<Record<SettingsField, string>>;

/** The reminder rows of the form, as minutes: blanks skipped, duplicates merged, largest first. */
export function parseReminderOffsets(rows: { amount: string; unit: string }[]): {
  offsets: number[];
  errors: SettingsErrors;
} {
  const errors: SettingsErrors = {};
  const offsets = new Set<number>();
  rows.forEach((row, i) => {
    const amount = row.amount.trim();
    if (!amount) return;
    const unit = row.unit in REMINDER_UNITS ? (row.unit as ReminderUnit) : null;
    const n = Number(amount);
    if (!unit || !Number.isInteger(n) || n <= 0) {
      errors[`reminder${i + 1}`] = "Enter a whole number and choose minutes, hours or days.";
      return;
    }
    const minutes = n * REMINDER_UNITS[unit];
    if (minutes < 5 || minutes > 14 * 1440) {
      errors[`reminder${i + 1}`] = "A reminder goes between 5 minutes and 14 days before.";
      return;
    }
    offsets.add(minutes);
  });
  return { offsets: [...offsets].sort((a, b) => b - a), errors };
}

export interface SettingsForm {
  name: string;
  tagline: string;
  description: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  contactEmail: string;
  registrationOpen: boolean;
  brandColour: string;
  /** Days after the last day that registrants' personal data is kept, as typed. */
  retentionDays: string;
  reminders: { amount: string; unit: string }[];
  /** A newly stored logo's name, or "remove", or undefined to keep the current one. */
  logo?: string | "remove";
}

export type SaveSettingsResult =
  | { status: "saved"; festival: Festival; changed: string[]; replannedReminders: number }
  | { status: "unchanged" }
  | { status: "invalid"; errors: SettingsErrors };

/** Validates and saves; on any error nothing is saved and every message is returned. */
export async function saveFestivalSettings(
  festivalId: string,
  form: SettingsForm,
  actor: Actor,
  ctx: { appUrl: string; now?: Date },
): Promise<SaveSettingsResult> {
  const now = ctx.now ?? new Date();
  const parsed = settingsInput.safeParse(form);
  const errors: SettingsErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors[String(issue.path[0]) as SettingsField] ??= issue.message;
    }
  }
  const reminders = parseReminderOffsets(form.reminders);
  Object.assign(errors, reminders.errors);
  if (!parsed.success || Object.keys(errors).length > 0) return { status: "invalid", errors };
  const values = {
    ...parsed.data,
    reminderOffsetsMinutes: reminders.offsets,
    ...(form.logo === "remove" ? { logoFile: null } : form.logo ? { logoFile: form.logo } : {}),
  };

  const result = await (
    await db()
  ).transaction(async (tx): Promise<SaveSettingsResult> => {
    const [current] = await tx
      .select()
      .from(festival)
      .where(eq(festival.id, festivalId))
      .for("update");
    if (!current) return { status: "invalid", errors: { name: "This festival no longer exists." } };
    const before = Object.fromEntries(
      Object.keys(values).map((k) => [k, current[k as keyof Festival]]),
    );
    const diff = changedFields(before, values);
    if (!diff) return { status: "unchanged" };
    const [saved] = await tx
      .update(festival)
      .set({ ...values, updatedAt: now })
      .where(eq(festival.id, festivalId))
      .returning();
    let replanned = 0;
    if ("reminderOffsetsMinutes" in diff.after) {
      // Every published webinar still to come gets its pending reminders re-planned.
      const upcoming = await tx
        .select()
        .from(webinar)
        .where(
          and(
            eq(webinar.festivalId, festivalId),
            eq(webinar.status, "published"),
            gt(webinar.startsAt, now),
          ),
        );
      for (const w of upcoming) {
        const emails = await replanWebinarReminders(tx, w, {
          festival: saved!,
          appUrl: ctx.appUrl,
          now,
        });
        replanned += emails.length;
        await enqueueEmails(tx, emails);
      }
    }
    await recordAudit(
      tx,
      actor,
      {
        festivalId,
        action: "festival.update",
        subjectType: "festival",
        subjectId: festivalId,
        summary: `Changed the festival's ${Object.keys(diff.after).map(fieldLabel).join(", ")}`,
        before: diff.before,
        after: diff.after,
      },
      now,
    );
    return {
      status: "saved",
      festival: saved!,
      changed: Object.keys(diff.after),
      replannedReminders: replanned,
    };
  });
  if (result.status === "saved") scheduleChanged();
  return result;
}

const LABELS: Record<string, string> = {
  name: "name",
  tagline: "tagline",
  description: "description",
  startsOn: "first day",
  endsOn: "last day",
  timeZone: "time zone",
  contactEmail: "contact mailbox",
  registrationOpen: "registration status",
  brandColour: "colour",
  reminderOffsetsMinutes: "reminder times",
  logoFile: "logo",
  retentionDays: "retention period",
};

function fieldLabel(key: string): string {
  return LABELS[key] ?? key;
}
