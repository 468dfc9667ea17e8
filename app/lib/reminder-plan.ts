import { DateTime } from "luxon";

/** Reminders this far ahead or more are "day before" ones: moved out of the night, replaced by the digest. */
export const DAY_BEFORE_MINUTES = 12 * 60;
/** Local hours when nobody wants an email: 22:00 to 07:00. */
const QUIET_FROM = 22;
const QUIET_UNTIL = 7;
/** Where a reminder that would land in the quiet hours goes instead: 21:00 the evening before. */
const EVENING_HOUR = 21;

export interface ReminderPlanInput {
  startsAt: Date;
  /** Minutes before the start, e.g. [1440, 15]. */
  offsetsMinutes: readonly number[];
  /** The recipient's IANA zone (the festival's when they have none). */
  zone: string;
  /** They asked for reminders at all. */
  reminders: boolean;
  /** They take the daily digest instead of day-before reminders. */
  digest: boolean;
  now: Date;
}

export interface PlannedReminder {
  offsetMinutes: number;
  sendAt: Date;
  /** True when moved out of the recipient's night. */
  moved: boolean;
}

/**
 * When each reminder for one person and one webinar goes out. A day-before
 * reminder that would arrive between 22:00 and 07:00 where they are goes at
 * 21:00 the evening before instead; reminders already in the past are not
 * sent (someone registering 10 minutes before the start has their
 * confirmation).
 */
export function planReminders(input: ReminderPlanInput): PlannedReminder[] {
  if (!input.reminders) return [];
  const planned: PlannedReminder[] = [];
  for (const offset of [...new Set(input.offsetsMinutes)].sort((a, b) => b - a)) {
    if (!Number.isInteger(offset) || offset <= 0) continue;
    const dayBefore = offset >= DAY_BEFORE_MINUTES;
    if (dayBefore && input.digest) continue;
    let local = DateTime.fromJSDate(input.startsAt, { zone: input.zone }).minus({
      minutes: offset,
    });
    let moved = false;
    if (dayBefore && (local.hour >= QUIET_FROM || local.hour < QUIET_UNTIL)) {
      const evening = local.hour < QUIET_UNTIL ? local.minus({ days: 1 }) : local;
      local = evening.set({ hour: EVENING_HOUR, minute: 0, second: 0, millisecond: 0 });
      moved = true;
    }
    const sendAt = local.toUTC().toJSDate();
    if (sendAt.getTime() <= input.now.getTime()) continue;
    planned.push({ offsetMinutes: offset, sendAt, moved });
  }
  return planned;
}
