/**
 * Network90 judging's constants, shared by the models and the pages that
 * render their forms. (Values imported from *.server modules are undefined
 * in the browser, so they live here.)
 */

/** What a judge may give for one criterion. */
export const SCORES = [1, 2, 3, 4, 5] as const;
export const COMMENT_MAX = 2000;
export const MAX_CRITERIA = 8;
export const REASON_MAX = 1000;

export const ENTRY_STATUSES = ["draft", "submitted", "shortlisted", "declined"] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** The three instants of the timeline, in the order they must fall. */
export const TIMELINE = [
  { key: "entriesClose", column: "entriesCloseAt", label: "Entries close" },
  { key: "votingOpens", column: "votingOpensAt", label: "Voting opens" },
  { key: "votingCloses", column: "votingClosesAt", label: "Voting closes" },
] as const;

/** The results form: the judges' winner, then up to two runners-up. */
export const PLACING_FIELDS = ["placing1", "placing2", "placing3"] as const;
