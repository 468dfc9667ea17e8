import { beforeAll, describe, expect, it } from "vitest";
import { post } from "~db/schema";
import { action as editAction, loader as editLoader } from "~/routes/studio.posts.$id";
import { action as autosaveAction } from "~/routes/studio.posts.$id_.autosave";
import { createFaculty, createFestival, createPost, type FestivalRow } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * Bugs the hostile-input property tests found, each pinned by the smallest
 * input that showed it.
 */
const testDb = withTestDatabase();
const db = () => testDb.handle.db;
let festival: FestivalRow;
let cookie: string;

beforeAll(async () => {
  festival = await createFestival(db());
  const author = await createFaculty(db(), festival);
  cookie = await signedInCookie(author.userId!);
  await createPost(db(), festival, { status: "draft", authors: [author] });
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
