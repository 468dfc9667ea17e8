import { eq } from "drizzle-orm";
import type { MetaDescriptor } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { facultyProfile, festival as festivalTable } from "~db/schema";
import { resetEnvForTests } from "~/lib/env.server";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { meta as facultyMeta, loader as facultyLoader } from "~/routes/faculty.$slug";
import { meta as webinarMeta, loader as webinarLoader } from "~/routes/webinars.$slug";
import { createFaculty, dstWeekFestival } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * Link previews: what a chat app or social network shows when someone pastes
 * a webinar or faculty address. Their crawlers read the page's head with no
 * base address, so every URL must be absolute.
 */
const testDb = withTestDatabase();
const APP_URL = "https://fest.example.org";
const originalAppUrl = process.env.APP_URL;
const logoFile = "0b7a5c1e-2f3d-4e6a-9b8c-7d6e5f4a3b2c.png";
const chairPhoto = "/media/5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716.jpg";
let week: Awaited<ReturnType<typeof dstWeekFestival>>;

/** The content of the tag with this property or name, or undefined. */
const tag = (tags: MetaDescriptor[], key: string) => {
  const found = tags.find(
    (t) => (t as { property?: string }).property === key || (t as { name?: string }).name === key,
  );
  return (found as { content?: string } | undefined)?.content;
};

async function setLogo(file: string | null) {
  await testDb.handle.db
    .update(festivalTable)
    .set({ logoFile: file })
    .where(eq(festivalTable.id, week.festival.id));
  scheduleChanged();
}

async function webinarTags(slug: string) {
  const result = await callRoute<Parameters<typeof webinarMeta>[0]["data"]>(
    webinarLoader,
    `/webinars/${slug}`,
    { params: { slug } },
  );
  expect(result.status).toBe(200);
  return webinarMeta({ data: result.data } as Parameters<typeof webinarMeta>[0]);
}

async function facultyTags(slug: string) {
  const result = await callRoute<Parameters<typeof facultyMeta>[0]["data"]>(
    facultyLoader,
    `/faculty/${slug}`,
    { params: { slug } },
  );
  expect(result.status).toBe(200);
  return facultyMeta({ data: result.data } as Parameters<typeof facultyMeta>[0]);
}

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  resetEnvForTests();
  week = await dstWeekFestival(testDb.handle.db);
  // The first host of "after the change" has no photo; the second has one.
  await testDb.handle.db
    .update(facultyProfile)
    .set({ photoUrl: chairPhoto })
    .where(eq(facultyProfile.id, week.chair.id));
});

afterAll(() => {
  if (originalAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = originalAppUrl;
  resetEnvForTests();
});

describe("a webinar page's preview", () => {
  it("has the title, the abstract as text, its absolute address and a host's photo", async () => {
    const tags = await webinarTags("after-the-change");
    expect(tags).toContainEqual({ title: "After the clocks change · Autumn Networks Week" });
    expect(tag(tags, "og:type")).toBe("website");
    expect(tag(tags, "og:title")).toBe("After the clocks change");
    expect(tag(tags, "og:site_name")).toBe("Autumn Networks Week");
    expect(tag(tags, "og:url")).toBe(`${APP_URL}/webinars/after-the-change`);
    expect(tags).toContainEqual({
      tagName: "link",
      rel: "canonical",
      href: `${APP_URL}/webinars/after-the-change`,
    });
    // The abstract's Markdown and its unsafe parts are gone from the text.
    expect(tag(tags, "description")).toBe("Bold ideas. bad");
    expect(tag(tags, "og:description")).toBe("Bold ideas. bad");
    expect(tag(tags, "og:image")).toBe(`${APP_URL}${chairPhoto}`);
    expect(tag(tags, "og:image:alt")).toBe("Photo of Amara Okafor");
    expect(tag(tags, "twitter:card")).toBe("summary_large_image");
    expect(tag(tags, "twitter:image")).toBe(`${APP_URL}${chairPhoto}`);
  });

  it("falls back to the festival's logo, and to a text-only card without one", async () => {
    await setLogo(logoFile);
    const withLogo = await webinarTags("called-off");
    expect(tag(withLogo, "og:image")).toBe(`${APP_URL}/media/${logoFile}`);
    expect(tag(withLogo, "og:image:alt")).toBe("Autumn Networks Week logo");
    expect(tag(withLogo, "twitter:card")).toBe("summary_large_image");

    await setLogo(null);
    const bare = await webinarTags("called-off");
    expect(tag(bare, "og:image")).toBeUndefined();
    expect(tag(bare, "twitter:card")).toBe("summary");
    expect(tag(bare, "og:url")).toBe(`${APP_URL}/webinars/called-off`);
  });
});

describe("a faculty profile's preview", () => {
  it("is a profile card with their bio, their photo and their page's address", async () => {
    await setLogo(logoFile);
    const tags = await facultyTags("amara-okafor");
    expect(tags).toContainEqual({ title: "Amara Okafor · Autumn Networks Week" });
    expect(tag(tags, "og:type")).toBe("profile");
    expect(tag(tags, "og:title")).toBe("Amara Okafor");
    expect(tag(tags, "og:url")).toBe(`${APP_URL}/faculty/amara-okafor`);
    expect(tag(tags, "description")).toBe("Runs a network.");
    // Their own photo comes before the festival's logo.
    expect(tag(tags, "og:image")).toBe(`${APP_URL}${chairPhoto}`);
    expect(tag(tags, "twitter:card")).toBe("summary_large_image");
  });

  it("offers the author's RSS and Atom feeds to feed readers", async () => {
    const tags = await facultyTags("daniel-reyes");
    expect(tags.filter((t) => (t as { rel?: string }).rel === "alternate")).toEqual([
      {
        tagName: "link",
        rel: "alternate",
        type: "application/rss+xml",
        title: "Posts by Daniel Reyes (RSS)",
        href: `${APP_URL}/faculty/daniel-reyes/feed.xml`,
      },
      {
        tagName: "link",
        rel: "alternate",
        type: "application/atom+xml",
        title: "Posts by Daniel Reyes (Atom)",
        href: `${APP_URL}/faculty/daniel-reyes/atom.xml`,
      },
    ]);
  });

  it("says who they are without a bio, and shows the logo without a photo", async () => {
    await createFaculty(testDb.handle.db, week.festival, {
      name: "New Member",
      slug: "new-member",
      title: "Network coordinator",
      bio: "",
    });
    await setLogo(logoFile);
    const tags = await facultyTags("new-member");
    expect(tag(tags, "description")).toBe(
      "New Member, Network coordinator: faculty of Autumn Networks Week.",
    );
    expect(tag(tags, "og:image")).toBe(`${APP_URL}/media/${logoFile}`);
  });
});
