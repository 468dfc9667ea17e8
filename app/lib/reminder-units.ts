/** The units the settings form offers for reminder times, in minutes (shared by page and model). */
export const REMINDER_UNITS = { minutes: 1, hours: 60, days: 1440 } as const;
export type ReminderUnit = keyof typeof REMINDER_UNITS;
export const REMINDER_SLOTS = 3;
