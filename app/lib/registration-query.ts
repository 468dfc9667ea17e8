import { z } from "zod";
import { withoutNul } from "./form";

/** What the registration lists can be narrowed to (a person-level "has any" for the festival list). */
export const REGISTRATION_FILTERS = [
  "all",
  "confirmed",
  "waitlisted",
  "cancelled",
  "joined",
] as const;
export type RegistrationFilter = (typeof REGISTRATION_FILTERS)[number];

/**
 * The search, filter and page of the registration lists and their CSV
 * exports, read from the address. Anything malformed falls back to the
 * default instead of failing: a hand-edited URL never causes an error.
 */
const Query = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  filter: z.enum(REGISTRATION_FILTERS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export interface RegistrationListQuery {
  q: string;
  filter: RegistrationFilter;
  page: number;
}

export function parseRegistrationQuery(url: string | URL): RegistrationListQuery {
  const params = new URL(url).searchParams;
  const parsed = Query.parse({
    q: withoutNul(params.get("q") ?? "") || undefined,
    filter: params.get("filter") ?? undefined,
    page: params.get("page") ?? undefined,
  });
  return { q: parsed.q ?? "", filter: parsed.filter ?? "all", page: parsed.page ?? 1 };
}

/** The same query as address parameters, leaving out defaults (for links and the CSV link). */
export function registrationSearch(
  query: Partial<RegistrationListQuery>,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.filter && query.filter !== "all") params.set("filter", query.filter);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}
