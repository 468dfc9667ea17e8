import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "~db/client.server";
import { competition, competitionJudge, user } from "~db/schema";
import { festivalInputs, instantFromFestivalTime } from "~/lib/festival-time";
import type { FieldErrors } from "~/lib/form";
import { MAX_CRITERIA, TIMELINE } from "~/lib/network90-judging";
import { formatWhen } from "~/lib/time";
import { changedFields, recordAudit, type Actor } from "./audit.server";
import type { Competition } from "./competition.server";
import type { Festival } from "./festival.server";

/**
 * Network90's settings as organisers keep them: the name, the timeline
 * (entered as wall-clock times in the festival's zone) and what judges
 * score; and who judges. Every change writes its audit line in the same
 * transaction.
 */

const CRITERION_MAX = 80;

type TimelineKey = (typeof TIMELINE)[number]["key"];

/** The form as typed: every value a string, so it can be shown again as it was. */
export type CompetitionSettingsForm = {
  name: string;
  criteria: string;
} & { [K in `${TimelineKey}Date` | `${TimelineKey}Time`]: string };

/** The form's values for a saved competition, or suggestions for a new one. */
export function settingsFormValues(
  c: Competition | null,
  festival: Festival,
): CompetitionSettingsForm {
  const zone = festival.timeZone;
  if (!c) {
    // A suggestion only: entries close on the festival's first day, the
    // public votes during the week and the vote closes on its last evening.
    return {
      name: "Network90",
      entriesCloseDate: festival.startsOn,
      entriesCloseTime: "09:00",
      votingOpensDate: festival.startsOn,
      votingOpensTime: "12:00",
      votingClosesDate: festival.endsOn,
      votingClosesTime: "17:00",
      criteria: ["Story", "Impact on the network", "Craft and accessibility"].join("\n"),
    };
  }
  const close = festivalInputs(c.entriesCloseAt, zone);
  const opens = festivalInputs(c.votingOpensAt, zone);
  const closes = festivalInputs(c.votingClosesAt, zone);
  return {
    name: c.name,
    entriesCloseDate: close.date,
    entriesCloseTime: close.time,
    votingOpensDate: opens.date,
    votingOpensTime: opens.time,
    votingClosesDate: closes.date,
    votingClosesTime: closes.time,
    criteria: c.criteria.join("\n"),
  };
}

/** One criterion a line; blank lines dropped. */
export function criteriaLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

const nameSchema = z
  .string()
  .trim()
  .min(1, "Give the competition a name, for example Network90.")
  .max(120, "Keep the name under 120 characters.");

function criteriaError(criteria: string[]): string | null {
  if (criteria.length === 0) return "Give at least one criterion, one a line.";
  if (criteria.length > MAX_CRITERIA) {
    return `At most ${MAX_CRITERIA} criteria: there are ${criteria.length}. Merge some.`;
  }
  const long = criteria.find((c) => c.length > CRITERION_MAX);
  if (long)
    return `Keep each criterion under ${CRITERION_MAX} characters ("${long.slice(0, 30)}…" is longer).`;
  const seen = new Set<string>();
  for (const c of criteria) {
    const key = c.toLowerCase();
    if (seen.has(key)) return `"${c}" is in the list twice.`;
    seen.add(key);
  }
  return null;
}

export interface ParsedSettings {
  name: string;
  entriesCloseAt: Date;
  votingOpensAt: Date;
  votingClosesAt: Date;
  criteria: string[];
}

export type ParseSettingsResult =
  { ok: true; values: ParsedSettings; notes: string[] } | { ok: false; errors: FieldErrors };

/**
 * Checks the form: each time must exist in the festival's zone (the spring
 * gap does not), and the timeline must run in order: entries close no later
 * than voting opens, which is before voting closes. Messages are keyed by
 * the field they belong to.
 */
export function parseSettings(form: CompetitionSettingsForm, zone: string): ParseSettingsResult {
  const errors: FieldErrors = {};
  const notes: string[] = [];
  const name = nameSchema.safeParse(form.name);
  if (!name.success) errors.name = name.error.issues[0]!.message;
  const criteria = criteriaLines(form.criteria);
  const criteriaProblem = criteriaError(criteria);
  if (criteriaProblem) errors.criteria = criteriaProblem;

  const instants: Partial<Record<TimelineKey, Date>> = {};
  for (const { key, label } of TIMELINE) {
    const result = instantFromFestivalTime(form[`${key}Date`], form[`${key}Time`], zone);
    if (!result.ok) {
      errors[`${key}${result.field === "startDate" ? "Date" : "Time"}`] =
        `${label}: ${result.error}`;
    } else {
      instants[key] = result.instant;
      if (result.note) notes.push(`${label}: ${result.note}`);
    }
  }
  const { entriesClose, votingOpens, votingCloses } = instants;
  if (entriesClose && votingOpens && votingOpens < entriesClose) {
    errors.votingOpensDate = `Voting cannot open before entries close (${formatWhen(entriesClose, zone)}): the judges need the entries first.`;
  }
  if (votingOpens && votingCloses && votingCloses <= votingOpens) {
    errors.votingClosesDate = `Voting must close after it opens (${formatWhen(votingOpens, zone)}).`;
  }
  if (Object.keys(errors).length > 0 || !entriesClose || !votingOpens || !votingCloses) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    values: {
      name: name.data!,
      entriesCloseAt: entriesClose,
      votingOpensAt: votingOpens,
      votingClosesAt: votingCloses,
      criteria,
    },
    notes,
  };
}

export type SaveSettingsResult =
  | { status: "saved"; created: boolean; notes: string[] }
  | { status: "unchanged"; notes: string[] }
  | { status: "invalid"; errors: FieldErrors };

/** Creates or updates the festival's competition from the form. */
export async function saveCompetitionSettings(
  festival: Festival,
  form: CompetitionSettingsForm,
  actor: Actor,
  now = new Date(),
): Promise<SaveSettingsResult> {
  const parsed = parseSettings(form, festival.timeZone);
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors };
  const values = parsed.values;
  return (await db()).transaction(async (tx): Promise<SaveSettingsResult> => {
    const [current] = await tx
      .select()
      .from(competition)
      .where(eq(competition.festivalId, festival.id))
      .for("update");
    if (current?.resultsAnnouncedAt) {
      return {
        status: "invalid",
        errors: {
          form: `The results were announced on ${formatWhen(current.resultsAnnouncedAt, festival.timeZone)}: the competition's settings can no longer change.`,
        },
      };
    }
    if (!current) {
      await tx.insert(competition).values({
        festivalId: festival.id,
        ...values,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(
        tx,
        actor,
        {
          festivalId: festival.id,
          action: "competition.create",
          subjectType: "competition",
          subjectId: festival.id,
          summary: `Set up ${values.name}: entries close ${formatWhen(values.entriesCloseAt, festival.timeZone)}, voting ${formatWhen(values.votingOpensAt, festival.timeZone)} to ${formatWhen(values.votingClosesAt, festival.timeZone)}`,
          after: { ...values },
        },
        now,
      );
      return { status: "saved", created: true, notes: parsed.notes };
    }
    const before = {
      name: current.name,
      entriesCloseAt: current.entriesCloseAt,
      votingOpensAt: current.votingOpensAt,
      votingClosesAt: current.votingClosesAt,
      criteria: current.criteria,
    };
    const diff = changedFields(before, { ...values });
    if (!diff) return { status: "unchanged", notes: parsed.notes };
    await tx
      .update(competition)
      .set({ ...values, updatedAt: now })
      .where(eq(competition.festivalId, festival.id));
    await recordAudit(
      tx,
      actor,
      {
        festivalId: festival.id,
        action: "competition.update",
        subjectType: "competition",
        subjectId: festival.id,
        summary: `Changed ${values.name}'s ${Object.keys(diff.after).map(fieldLabel).join(", ")}`,
        before: diff.before,
        after: diff.after,
      },
      now,
    );
    return { status: "saved", created: false, notes: parsed.notes };
  });
}

const LABELS: Record<string, string> = {
  name: "name",
  entriesCloseAt: "entry deadline",
  votingOpensAt: "voting start",
  votingClosesAt: "voting end",
  criteria: "judging criteria",
};
const fieldLabel = (key: string) => LABELS[key] ?? key;

// ---------------------------------------------------------------------------
// Judges

export interface JudgeRow {
  userId: string;
  email: string;
  name: string;
  addedAt: Date;
}

export async function listJudges(festivalId: string): Promise<JudgeRow[]> {
  return (await db())
    .select({
      userId: competitionJudge.userId,
      email: user.email,
      name: user.name,
      addedAt: competitionJudge.createdAt,
    })
    .from(competitionJudge)
    .innerJoin(user, eq(user.id, competitionJudge.userId))
    .where(eq(competitionJudge.festivalId, festivalId))
    .orderBy(asc(sql`lower(${user.email})`));
}

const judgeEmail = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, "Enter the judge's email address.")
      .max(254, "That address is too long.")
      .pipe(z.email("Enter an email address like name@example.org.")),
  );

export type JudgeChange =
  | { status: "done"; message: string }
  | { status: "invalid"; errors: FieldErrors; values: Record<string, string> };

/**
 * Makes someone a judge by their email. Someone without an account gets
 * one (an empty profile): judges sign in like everyone else, with a code
 * sent to that address, and need no second factor (judging changes no
 * festival settings; organisers still pass theirs).
 */
export async function addJudge(
  festival: Festival,
  emailInput: string,
  actor: Actor,
  now = new Date(),
): Promise<JudgeChange> {
  const parsed = judgeEmail.safeParse(emailInput);
  const values = { email: emailInput.slice(0, 300) };
  if (!parsed.success) {
    return { status: "invalid", errors: { email: parsed.error.issues[0]!.message }, values };
  }
  const email = parsed.data;
  return (await db()).transaction(async (tx): Promise<JudgeChange> => {
    await tx.insert(user).values({ email }).onConflictDoNothing();
    const [person] = await tx
      .select({ id: user.id, email: user.email, isOrganiser: user.isOrganiser })
      .from(user)
      .where(sql`lower(${user.email}) = ${email}`);
    if (!person) {
      return { status: "invalid", errors: { email: "That address could not be added." }, values };
    }
    if (person.isOrganiser) {
      return {
        status: "invalid",
        errors: { email: `${person.email} is an organiser: organisers judge already.` },
        values,
      };
    }
    const added = await tx
      .insert(competitionJudge)
      .values({ festivalId: festival.id, userId: person.id, createdAt: now })
      .onConflictDoNothing()
      .returning({ userId: competitionJudge.userId });
    if (added.length === 0) {
      return {
        status: "invalid",
        errors: { email: `${person.email} is a judge already.` },
        values,
      };
    }
    await recordAudit(
      tx,
      actor,
      {
        festivalId: festival.id,
        action: "competition.judge-add",
        subjectType: "user",
        subjectId: person.id,
        summary: `Made ${person.email} a judge of the competition`,
        after: { email: person.email },
      },
      now,
    );
    return {
      status: "done",
      message: `${person.email} is now a judge. They sign in with that address at /judging.`,
    };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Takes someone off the judges; the scores they gave stay in the totals. */
export async function removeJudge(
  festival: Festival,
  userId: string,
  actor: Actor,
  now = new Date(),
): Promise<{ status: "done"; message: string } | { status: "not-found" }> {
  if (!UUID.test(userId)) return { status: "not-found" };
  return (await db()).transaction(async (tx) => {
    const removed = await tx
      .delete(competitionJudge)
      .where(and(eq(competitionJudge.festivalId, festival.id), eq(competitionJudge.userId, userId)))
      .returning({ userId: competitionJudge.userId });
    if (removed.length === 0) return { status: "not-found" as const };
    const [person] = await tx.select({ email: user.email }).from(user).where(eq(user.id, userId));
    const email = person?.email ?? userId;
    await recordAudit(
      tx,
      actor,
      {
        festivalId: festival.id,
        action: "competition.judge-remove",
        subjectType: "user",
        subjectId: userId,
        summary: `Removed ${email} from the judges`,
        before: { email },
      },
      now,
    );
    return { status: "done" as const, message: `${email} is no longer a judge.` };
  });
}
