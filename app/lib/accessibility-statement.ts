/**
 * The accessibility statement's facts that change only when the site is
 * reviewed again. Bump PREPARED_ON with every review: the page shows it and
 * the sitemap dates the page by it.
 */
export const ACCESSIBILITY_STATEMENT = {
  standard: "WCAG 2.2 level AA",
  /** Honest while the limitations the page lists remain. */
  status: "partially conformant",
  preparedOn: "2026-11-28",
} as const;

/** What the page needs from the database: whose site it is and where to write. */
export interface AccessibilityStatementData {
  festivalName: string;
  contactEmail: string | null;
  preparedOn: string;
}
