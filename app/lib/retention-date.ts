import { DateTime } from "luxon";
import { formatWhen } from "./time";

export interface RetentionTerms {
  /** The festival's last day, yyyy-MM-dd in its own zone. */
  endsOn: string;
  timeZone: string;
  retentionDays: number;
}

/**
 * The instant registrants' personal data is due for removal: the end of the
 * festival's last day in its own zone (midnight that follows it) plus the
 * retention period in calendar days of that zone. Counting calendar days,
 * not 24-hour blocks, keeps the deadline at local midnight across a clock
 * change.
 */
export function retentionDeadline(terms: RetentionTerms): Date {
  return DateTime.fromISO(terms.endsOn, { zone: terms.timeZone })
    .startOf("day")
    .plus({ days: 1 + terms.retentionDays })
    .toUTC()
    .toJSDate();
}

export function retentionHasPassed(terms: RetentionTerms, now: Date): boolean {
  return now.getTime() >= retentionDeadline(terms).getTime();
}

/** "Mon 2 Nov 2026, 00:00 New York time (UTC−5)": when the data goes, zone named. */
export function formatRetentionDeadline(terms: RetentionTerms): string {
  return formatWhen(retentionDeadline(terms), terms.timeZone);
}
