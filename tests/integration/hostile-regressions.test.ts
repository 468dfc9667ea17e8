import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { entry, post, user } from "~db/schema";
import { action as decisionAction } from "~/routes/admin.network90.$entryId";
import { loader as auditLoader } from "~/routes/admin.audit";
import { loader as peopleLoader } from "~/routes/admin.people._index";
import { loader as registrationsCsvLoader } from "~/routes/admin.registrations[.]csv";
import { action as profileAction } from "~/routes/me.profile";
import { action as editAction, loader as editLoader } from "~/routes/studio.posts.$id";
import { action as autosaveAction } from "~/routes/studio.posts.$id_.autosave";
import {
  createCompetition,
  createEntry,
  createFaculty,
  createFestival,
  createPost,
  createUser,
  type FestivalRow,
} from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * Bugs the hostile-input property tests found, each pinned by the smallest
 * input that showed it.
 */
const testDb = withTestDatabase();
const db = () => testDb.handle.db;
let festival: FestivalRow;
let cookie: string;
let draftId: string;

beforeAll(async () => {
  festival = await createFestival(db());
  const author = await createFaculty(db(), festival);
  cookie = await signedInCookie(author.userId!);
  draftId = (await createPost(db(), festival, { status: "draft", authors: [author] })).id;
});

describe("studio post ids that are not uuids", () => {
  // Found by hostile-network90-studio: an empty id reached the uuid column and the query failed (500).
  const ids = ["", "------------------------------------", "0000000g-0000-0000-0000-000000000000"];

  it("answers 404 to saving, autosaving and opening, changing nothing", async () => {
    const before = await db().select().from(post);
    for (const id of ids) {
      const form = { intent: "save", revision: "0", title: "T", body: "B" };
      const saved = await callRoute(editAction, `/studio/posts/${id}`, {
        params: { id },
        cookie,
        form,
      });
      expect(saved.status, `save ${JSON.stringify(id)}`).toBe(404);
      const autosaved = await callRoute(autosaveAction, `/studio/posts/${id}/autosave`, {
        params: { id },
        cookie,
        form: { revision: "0", title: "T", body: "B" },
      });
      expect(autosaved.status, `autosave ${JSON.stringify(id)}`).toBe(404);
      const opened = await callRoute(editLoader, `/studio/posts/${id}`, { params: { id }, cookie });
      expect(opened.status, `open ${JSON.stringify(id)}`).toBe(404);
    }
    expect(await db().select().from(post)).toEqual(before);
  });
});

// Found by hostile-sweep: a NUL character (only a script sends one) made PostgreSQL refuse the
// whole query, text and jsonb alike, and the page answered 500. It is dropped as the form is read.
describe("NUL characters in what is typed", () => {
  it("are dropped from a profile, which is saved", async () => {
    const person = await createUser(db());
    const res = await callRoute(profileAction, "/me/profile", {
      cookie: await signedInCookie(person.id),
      form: { name: "Ada\u0000 Lovelace", organisation: "Engines\u0000", country: "GB" },
    });
    expect(res.status).toBe(303);
    const [saved] = await db().select().from(user).where(eq(user.id, person.id));
    expect(saved!.name).toBe("Ada Lovelace");
    expect(saved!.organisation).toBe("Engines");
  });

  it("are dropped from the studio's autosaved working copy", async () => {
    const res = await callRoute<{ ok: boolean }>(
      autosaveAction,
      `/studio/posts/${draftId}/autosave`,
      {
        params: { id: draftId },
        cookie,
        form: { revision: "0", title: "Hello\u0000", body: "Body\u0000 text" },
      },
    );
    expect(res.status).toBe(200);
    const [row] = await db().select().from(post).where(eq(post.id, draftId));
    expect(row!.workingCopy).toMatchObject({ title: "Hello", body: "Body text" });
  });

  it("are dropped from the reason an organiser gives for declining an entry", async () => {
    await createCompetition(db(), festival);
    const submitted = await createEntry(db(), festival, {
      status: "submitted",
      submittedAt: new Date(),
    });
    const boss = await createUser(db());
    const res = await callRoute(decisionAction, `/admin/network90/${submitted.id}`, {
      params: { entryId: submitted.id },
      cookie: await organiserCookie(boss.id),
      form: { intent: "decline", reason: "Out of\u0000 region for this year." },
    });
    expect(res.status).toBeLessThan(400);
    const [row] = await db().select().from(entry).where(eq(entry.id, submitted.id));
    expect(row!.status).toBe("declined");
    expect(row!.decisionReason).toBe("Out of region for this year.");
  });
});

// Found by hostile-endpoints: ?q= with a NUL failed the search (and its audit row) with a 500.
describe("NUL characters in a search", () => {
  it("are dropped from the people search, the registrations export and the audit log", async () => {
    const boss = await createUser(db(), { name: "Nula Search" });
    const organiser = await organiserCookie(boss.id);
    const people = await callRoute(peopleLoader, "/admin/people?q=Nula%00%20Search", {
      cookie: organiser,
    });
    expect(people.status).toBe(200);
    const csv = await callRoute(registrationsCsvLoader, "/admin/registrations.csv?q=%00", {
      cookie: organiser,
    });
    expect(csv.status).toBe(200);
    // Found by hostile-loaders, the same way.
    const audit = await callRoute(auditLoader, "/admin/audit?q=%00", { cookie: organiser });
    expect(audit.status).toBe(200);
  });
});
