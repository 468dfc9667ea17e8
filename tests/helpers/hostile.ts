import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "~db/client.server";
import { seedDemoFestival } from "~db/seed.server";
import {
  competitionJudge,
  entry,
  festival,
  post,
  resource,
  speaker,
  user,
  webinar,
} from "~db/schema";
import { createEntry, createFaculty, createUser } from "~tests/factories";
import {
  HOSTILE_ROUTES,
  ROUTES_DIR,
  type HostileRoute,
  type ParamSource,
  type Persona,
} from "./hostile-routes";
import { callRoute, type CallOptions, type RouteResult } from "./remix";
import { organiserCookie, signedInCookie, TEST_TOTP_SECRET } from "./session";
import { withTestDatabase } from "./test-database";

/**
 * Hostile input for any route: the strings and numbers people and scripts
 * really send (empty, blank, enormous, control characters, right-to-left
 * and emoji, injections, numbers at and past their limits, dates around
 * the clock changes), driven through callRoute by the person the route is
 * for, with a fingerprint of the whole database to prove a refusal saved
 * nothing.
 */

const HUGE = "x".repeat(100_000);

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "   \t\n ",
      "\u0000",
      "a\u0000b",
      "\u202Egnp.exe",
      "مرحبا بالعالم",
      "שלום",
      "🏳️‍🌈👩‍👩‍👧‍👦",
      "\uD800",
      "<script>alert(1)</script>",
      '\'; drop table "user"; --',
      "../../../etc/passwd",
      "%00",
      "null",
      "undefined",
      "NaN",
      "Infinity",
      "-1",
      "0",
      "-0",
      "1",
      "7",
      "2147483647",
      "2147483648",
      "9007199254740993",
      "1e309",
      "0x10",
      "on",
      "true",
      "Jane Example",
      "jane@example.org",
      "JANE@EXAMPLE.ORG ",
      "a@b",
      "https://example.org/watch",
      "javascript:alert(1)",
      "Europe/London",
      "America/New_York",
      "Australia/Lord_Howe",
      "Mars/Olympus",
      "2026-03-29",
      "2026-03-29T01:30",
      "2026-10-25",
      "2026-10-25T01:30",
      "2026-02-30",
      "9999-12-31",
      "0000-01-01",
      "01:30",
      "24:00",
      "23:59:60",
      "00000000-0000-0000-0000-000000000000",
      "CC-BY-4.0",
      "#0b5563",
      "123456",
    ),
  },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom(HUGE, "é".repeat(60_000), `${"🙂".repeat(30_000)}`) },
);

const bogusParam = fc.oneof(
  fc.constantFrom(
    "",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "..",
    "%2e%2e",
    "a".repeat(5_000),
    "\u0000",
    "1",
  ),
  fc.string({ maxLength: 40 }),
);

/** The form fields and intents a route's source (and the modules it imports) mention. */
export function formVocabulary(file: string): { fields: string[]; intents: string[] } {
  const routeSource = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
  const sources = [routeSource];
  for (const match of routeSource.matchAll(/from "~\/((?:lib|models|components)\/[\w.-]+)"/g)) {
    for (const ext of [".ts", ".tsx"]) {
      const candidate = path.resolve("app", `${match[1]}${ext}`);
      if (fs.existsSync(candidate)) sources.push(fs.readFileSync(candidate, "utf8"));
    }
  }
  const fields = new Set<string>();
  const intents = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/\.get(?:All)?\(\s*"([A-Za-z][\w-]*)"\s*\)/g))
      fields.add(m[1]!);
    for (const m of source.matchAll(/\bname="([A-Za-z][\w-]*)"/g)) fields.add(m[1]!);
    for (const m of source.matchAll(/\(\s*form,\s*"([A-Za-z][\w-]*)"/g)) fields.add(m[1]!);
    for (const m of source.matchAll(/^\s+([a-z][A-Za-z0-9]*):\s*z\./gm)) fields.add(m[1]!);
    for (const m of source.matchAll(/name="intent"\s+value="([^"]+)"/g)) intents.add(m[1]!);
    for (const m of source.matchAll(/value="([^"]+)"\s+name="intent"/g)) intents.add(m[1]!);
    for (const m of source.matchAll(/intent\s*===\s*"([^"]+)"/g)) intents.add(m[1]!);
  }
  fields.delete("intent");
  return { fields: [...fields].slice(0, 60), intents: [...intents] };
}

/** Real values for URL parameters, from the seeded festival. */
export type RealValues = Record<ParamSource, string[]>;

/** A value the field would accept from an honest person, guessed from its name. */
export function plausibleValue(name: string): string {
  const rules: [RegExp, string][] = [
    [/email/i, "jane@example.org"],
    [/^(timeZone|zone|tz)$/, "Europe/London"],
    [/url|link|website/i, "https://example.org/watch/1"],
    [/revision/i, "0"],
    [/date$|On$/i, "2026-10-23"],
    [/time$/i, "09:00"],
    [/At$/, "2026-10-23T09:00"],
    [/privacy|consent|confirm|marketing|Open$|^open|remove|reminders|digest/i, "on"],
    [/unit/i, "hours"],
    [/amount|capacity|seats|score|minutes|count|number|position/i, "2"],
    [/colou?r/i, "#0b5563"],
    [/licence/i, "CC-BY-4.0"],
    [/region/i, "Yorkshire and the Humber"],
    [/country/i, "GB"],
    [/code/i, "123456"],
    [/kind/i, "link"],
    [/slug/i, "a-fine-slug"],
    [/tags/i, "mapping, facilitation"],
  ];
  return rules.find(([pattern]) => pattern.test(name))?.[1] ?? "A sensible answer";
}

/**
 * A form: every known field with an honest value (some left out), then up
 * to three of them replaced, repeated or removed with hostile values, an
 * intent (known or not) and now and then a field nobody asked for. Mostly
 * one or two things wrong at a time, so the forms get past the first check.
 */
export function formArbitrary(
  vocabulary: { fields: string[]; intents: string[] },
  real: string[],
): fc.Arbitrary<[string, string][]> {
  const value = real.length
    ? fc.oneof(
        { weight: 6, arbitrary: hostileText },
        { weight: 1, arbitrary: fc.constantFrom(...real) },
      )
    : hostileText;
  const names = vocabulary.fields.length ? vocabulary.fields : ["field"];
  const kept = fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    { minLength: names.length, maxLength: names.length },
  );
  const mutation = fc.tuple(
    fc.constantFrom(...names),
    value,
    fc.constantFrom("replace", "replace", "repeat", "remove"),
  );
  const intent = fc.option(
    vocabulary.intents.length
      ? fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...vocabulary.intents) },
          { weight: 1, arbitrary: hostileText },
        )
      : hostileText,
    { freq: 5 },
  );
  const stranger = fc.array(fc.tuple(fc.string({ maxLength: 12 }), hostileText), { maxLength: 1 });
  return fc
    .tuple(kept, fc.array(mutation, { maxLength: 3 }), intent, stranger)
    .map(([keep, mutations, chosen, extra]) => {
      const form: [string, string][] = names
        .filter((_, i) => keep[i])
        .map((name) => [name, plausibleValue(name)]);
      for (const [name, v, how] of mutations) {
        const at = form.findIndex(([n]) => n === name);
        if (how === "remove") {
          if (at >= 0) form.splice(at, 1);
        } else if (how === "repeat" || at < 0) {
          form.push([name, v]);
        } else {
          form[at] = [name, v];
        }
      }
      if (chosen !== null) form.push(["intent", chosen]);
      return [...form, ...extra];
    });
}

export function paramArbitrary(
  route: HostileRoute,
  real: RealValues,
): fc.Arbitrary<Record<string, string>> {
  const entries = Object.entries(route.params ?? {}).map(([name, source]) => {
    const values = real[source];
    const arb = values.length
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...values) },
          { weight: 2, arbitrary: bogusParam },
        )
      : bogusParam;
    return arb.map((v) => [name, v] as const);
  });
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs));
}

export function urlFor(route: HostileRoute, params: Record<string, string>): string {
  return route.url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
}

/** The seeded festival, and the ids and slugs routes are addressed by. */
export async function hostileWorld(db: Db): Promise<{ festivalId: string; real: RealValues }> {
  await seedDemoFestival(db);
  const [fest] = await db.select().from(festival).limit(1);
  const ids = async (rows: Promise<{ v: string }[]>) => (await rows).map((r) => r.v).slice(0, 4);
  const entries = await ids(db.select({ v: entry.id }).from(entry));
  if (entries.length === 0) entries.push((await createEntry(db, fest!, { public: true })).id);
  return {
    festivalId: fest!.id,
    real: {
      "webinar.id": await ids(db.select({ v: webinar.id }).from(webinar)),
      "webinar.slug": await ids(db.select({ v: webinar.slug }).from(webinar)),
      "speaker.id": await ids(db.select({ v: speaker.id }).from(speaker)),
      "resource.id": await ids(db.select({ v: resource.id }).from(resource)),
      "post.id": await ids(db.select({ v: post.id }).from(post)),
      "entry.id": entries,
      "user.id": await ids(db.select({ v: user.id }).from(user)),
      token: [],
    },
  };
}

/** A fresh browser of the given kind, so what one run does (sign out, delete the account) cannot spoil the next. */
export async function cookieFor(
  db: Db,
  persona: Persona,
  festivalId: string,
): Promise<string | undefined> {
  switch (persona) {
    case "anonymous":
      return undefined;
    case "attendee":
      return signedInCookie((await createUser(db)).id);
    case "faculty": {
      const [fest] = await db.select().from(festival).where(eq(festival.id, festivalId));
      const profile = await createFaculty(db, fest!);
      return signedInCookie(profile.userId!);
    }
    case "judge": {
      const judge = await createUser(db);
      await db.insert(competitionJudge).values({ festivalId, userId: judge.id });
      return signedInCookie(judge.id);
    }
    case "unverified": {
      const boss = await createUser(db, {
        isOrganiser: true,
        totpSecret: TEST_TOTP_SECRET,
        totpEnabledAt: new Date(),
      });
      return signedInCookie(boss.id);
    }
    case "organiser":
      return organiserCookie((await createUser(db)).id);
  }
}

async function rawRows<T>(db: Db, query: ReturnType<typeof sql.raw>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/**
 * Tables a refused request may change by design: sessions (signing in and
 * out), the rate-limit counters, and the records of refusals kept on
 * purpose (vote refusals; a wrong second-factor code counts against the
 * account in `user`).
 */
export const CHANGED_BY_REFUSALS = new Set(["session", "rate_limit", "vote_refusal"]);

/** Each table's row count and a digest of its contents. */
export async function databaseFingerprint(db: Db, skip: Set<string> = CHANGED_BY_REFUSALS) {
  const tables = await rawRows<{ name: string }>(
    db,
    sql.raw(
      `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  );
  const parts = tables
    .map((t) => t.name)
    .filter((name) => !skip.has(name))
    .map(
      (name) =>
        `select '${name}' as name, count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest from "${name}" x`,
    );
  const rows = await rawRows<{ name: string; n: number; digest: string }>(
    db,
    sql.raw(parts.join(" union all ")),
  );
  return Object.fromEntries(rows.map((r) => [r.name, `${r.n}:${r.digest}`]));
}

/** What changed between two fingerprints: the tables whose rows differ. */
export function changedTables(before: Record<string, string>, after: Record<string, string>) {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}

type RouteModule = {
  action?: Parameters<typeof callRoute>[0];
  loader?: Parameters<typeof callRoute>[0];
};

export async function loadRoute(file: string): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;
}

const FILE_FIELDS = new Set(["photo", "logo", "coverImage", "file", "video", "captions"]);

export interface HostileCall {
  params: Record<string, string>;
  form: [string, string][];
  multipart: boolean;
}

/** Sends the form as a browser would: URL-encoded, or multipart for the forms with files. */
export function sendForm(
  fn: Parameters<typeof callRoute>[0],
  url: string,
  call: HostileCall,
  cookie: string | undefined,
): Promise<RouteResult> {
  const options: CallOptions = { params: call.params, cookie };
  if (call.multipart) {
    const body = new FormData();
    for (const [name, value] of call.form) {
      // File fields get the value's bytes as a file, named by it: junk, not an image or video.
      if (FILE_FIELDS.has(name)) body.append(name, new File([value], value.slice(0, 80)));
      else body.append(name, value);
    }
    options.multipart = body;
  } else {
    options.form = call.form;
  }
  return callRoute(fn, url, options);
}

export { HOSTILE_ROUTES };

/** Runs per route: HOSTILE_RUNS for a longer hunt, else the file's choice, else 30. */
const runs = (options: HostileOptions) => Number(process.env.HOSTILE_RUNS) || options.numRuns || 30;
/** Some routes take half a second a run (they plan emails): a long hunt needs the time. */
const timeoutFor = (options: HostileOptions) => Math.max(60_000, runs(options) * 1_000);

export interface HostileOptions {
  numRuns?: number;
}

/**
 * One property per route of the group: random and boundary forms, sent by
 * the person the route is for (or, now and then, by a stranger), never
 * answer 5xx or throw; a refusal (4xx) leaves every table as it was.
 */
export function hostileActionTests(group: HostileRoute["group"], options: HostileOptions = {}) {
  const testDb = withTestDatabase();
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-hostile-"));
  const saved = { uploads: process.env.UPLOADS_DIR, storage: process.env.STORAGE_DIR };
  let world: Awaited<ReturnType<typeof hostileWorld>>;
  beforeAll(async () => {
    process.env.UPLOADS_DIR = path.join(storage, "uploads");
    process.env.STORAGE_DIR = path.join(storage, "storage");
    world = await hostileWorld(testDb.handle.db);
  });
  afterAll(() => {
    if (saved.uploads === undefined) delete process.env.UPLOADS_DIR;
    else process.env.UPLOADS_DIR = saved.uploads;
    if (saved.storage === undefined) delete process.env.STORAGE_DIR;
    else process.env.STORAGE_DIR = saved.storage;
    fs.rmSync(storage, { recursive: true, force: true });
  });

  for (const route of HOSTILE_ROUTES.filter((r) => r.group === group)) {
    it(
      `${route.file}: hostile forms never answer 5xx, and a refusal saves nothing`,
      async () => {
        const db = testDb.handle.db;
        const { action } = await loadRoute(route.file);
        expect(action, route.file).toBeTypeOf("function");
        const vocabulary = formVocabulary(route.file);
        const allowedChanges = new Set(route.mayChangeOnRefusal ?? []);
        const call = fc.record({
          params: paramArbitrary(route, world.real),
          form: formArbitrary(vocabulary, Object.values(world.real).flat()),
          multipart: fc.boolean(),
          persona: fc.constantFrom<Persona>(
            route.persona,
            route.persona,
            route.persona,
            "anonymous",
            "attendee",
          ),
        });
        await fc.assert(
          fc.asyncProperty(call, async (c) => {
            const cookie = await cookieFor(db, c.persona, world.festivalId);
            const before = await databaseFingerprint(db);
            const res = await sendForm(action!, urlFor(route, c.params), c, cookie);
            expect(
              res.status,
              `${route.file} answered ${res.status}: ${res.body ?? ""}`,
            ).toBeLessThan(500);
            if (res.status >= 400) {
              const changed = changedTables(before, await databaseFingerprint(db));
              expect(
                changed.filter((t) => !allowedChanges.has(t)),
                `${route.file} refused with ${res.status} but changed these tables`,
              ).toEqual([]);
            }
          }),
          { numRuns: runs(options) },
        );
      },
      timeoutFor(options),
    );
  }
}

/** The query-string names a route's source reads. */
function queryNames(file: string): string[] {
  const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
  const names = new Set<string>();
  for (const m of source.matchAll(/searchParams\.get(?:All)?\(\s*"([\w-]+)"\s*\)/g))
    names.add(m[1]!);
  return [...names];
}

/**
 * One property per endpoint: random query strings and ids, read by the
 * person it is for (or a stranger), never answer 5xx or throw, and JSON
 * answers are JSON.
 */
export function hostileEndpointTests(routes: HostileRoute[], options: HostileOptions = {}) {
  const testDb = withTestDatabase();
  let world: Awaited<ReturnType<typeof hostileWorld>>;
  beforeAll(async () => {
    world = await hostileWorld(testDb.handle.db);
  });
  for (const route of routes) {
    it(
      `${route.file}: hostile queries never answer 5xx`,
      async () => {
        const db = testDb.handle.db;
        const { loader } = await loadRoute(route.file);
        expect(loader, route.file).toBeTypeOf("function");
        const names = [...queryNames(route.file), "tz", "zone", "page", "q"];
        const query = fc.array(
          fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })), hostileText),
          { maxLength: 4 },
        );
        const call = fc.record({
          params: paramArbitrary(route, world.real),
          query,
          persona: fc.constantFrom<Persona>(route.persona, route.persona, "anonymous", "attendee"),
        });
        await fc.assert(
          fc.asyncProperty(call, async (c) => {
            const cookie = await cookieFor(db, c.persona, world.festivalId);
            const search = new URLSearchParams(c.query).toString();
            const url = `${urlFor(route, c.params)}${search ? `?${search}` : ""}`;
            const res = await callRoute(loader!, url, { params: c.params, cookie });
            expect(
              res.status,
              `${url} answered ${res.status}: ${res.body?.slice(0, 300) ?? ""}`,
            ).toBeLessThan(500);
          }),
          { numRuns: runs(options) },
        );
      },
      timeoutFor(options),
    );
  }
}

/** The values the sweep puts in each field in turn: the ones that break databases, not forms. */
export const SWEEP_VALUES = ["a\u0000b", HUGE];

/**
 * Deterministic companion to the properties: for each route, each field in
 * turn (with each known intent) carries each SWEEP_VALUE while the rest of
 * the form is honest. Same assertions: no 5xx, and a refusal saves nothing.
 */
export function hostileSweepTests(routes: HostileRoute[]) {
  const testDb = withTestDatabase();
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-sweep-"));
  let world: Awaited<ReturnType<typeof hostileWorld>>;
  beforeAll(async () => {
    process.env.UPLOADS_DIR = path.join(storage, "uploads");
    process.env.STORAGE_DIR = path.join(storage, "storage");
    world = await hostileWorld(testDb.handle.db);
  });
  afterAll(() => fs.rmSync(storage, { recursive: true, force: true }));
  for (const route of routes) {
    it(`${route.file}: each field with NUL or 100k characters never answers 5xx`, async () => {
      const db = testDb.handle.db;
      const { action } = await loadRoute(route.file);
      const { fields, intents } = formVocabulary(route.file);
      const allowedChanges = new Set(route.mayChangeOnRefusal ?? []);
      const params = Object.fromEntries(
        Object.entries(route.params ?? {}).map(([name, source]) => [
          name,
          world.real[source][0] ?? "x",
        ]),
      );
      const honest = fields.map((name) => [name, plausibleValue(name)] as [string, string]);
      for (const intent of [null, ...intents.slice(0, 6)]) {
        for (const field of fields) {
          for (const value of SWEEP_VALUES) {
            const form = honest.map(([n, v]) => [n, n === field ? value : v] as [string, string]);
            if (intent !== null) form.push(["intent", intent]);
            const cookie = await cookieFor(db, route.persona, world.festivalId);
            const before = await databaseFingerprint(db);
            const call = { params, form, multipart: false };
            const res = await sendForm(action!, urlFor(route, params), call, cookie);
            const what = `${route.file} intent=${intent} ${field}=${JSON.stringify(value.slice(0, 4))}`;
            expect(res.status, `${what} answered ${res.status}`).toBeLessThan(500);
            if (res.status >= 400) {
              const changed = changedTables(before, await databaseFingerprint(db));
              expect(
                changed.filter((t) => !allowedChanges.has(t)),
                what,
              ).toEqual([]);
            }
          }
        }
      }
    }, 300_000);
  }
}

const EXPORTS_LOADER = /export\s+(async\s+)?function\s+loader\b|export\s+const\s+loader\b/;

/** A route file's URL, near enough for loaders that read it (params are passed separately). */
function pathOf(file: string, params: Record<string, string>): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .replace(/\[\.\]/g, "~dot~")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) =>
      s
        .replace(/_$/, "")
        .replace(/^\$(\w+)/, (_, n: string) => encodeURIComponent(params[n] ?? "")),
    )
    .map((s) => s.replaceAll("~dot~", "."));
  return `/${segments.join("/")}`.replace(/^\/\$$/, "/");
}

/**
 * Every loader, as an organiser (who sees the most), with each URL
 * parameter and each query name it reads set to NUL, then to 100k
 * characters: never a 5xx.
 */
export function hostileLoaderSweepTests() {
  const testDb = withTestDatabase();
  let world: Awaited<ReturnType<typeof hostileWorld>>;
  beforeAll(async () => {
    world = await hostileWorld(testDb.handle.db);
  });
  const files = fs
    .readdirSync(ROUTES_DIR)
    .filter((file) => /\.tsx?$/.test(file))
    .filter((file) => EXPORTS_LOADER.test(fs.readFileSync(path.join(ROUTES_DIR, file), "utf8")))
    .sort();
  it("finds the loaders", () => expect(files.length).toBeGreaterThan(60));
  for (const file of files) {
    it(`${file}: NUL or 100k characters in its address never answer 5xx`, async () => {
      const db = testDb.handle.db;
      const { loader } = await loadRoute(file);
      const names = [...file.matchAll(/\$(\w+)/g)].map((m) => m[1]!);
      const queries = [...queryNames(file), "q"];
      const cookie = await cookieFor(db, "organiser", world.festivalId);
      for (const value of SWEEP_VALUES) {
        const cases: { params: Record<string, string>; query: string }[] = [
          ...names.map((n) => ({
            params: { ...Object.fromEntries(names.map((m) => [m, "x"])), [n]: value },
            query: "",
          })),
          ...queries.map((q) => ({
            params: Object.fromEntries(names.map((m) => [m, "x"])),
            query: `?${new URLSearchParams({ [q]: value }).toString()}`,
          })),
        ];
        for (const c of cases) {
          const url = `${pathOf(file, c.params).slice(0, 200)}${c.query}`;
          const res = await callRoute(loader!, url, { params: c.params, cookie });
          expect(
            res.status,
            `${file} ${JSON.stringify(c.params).slice(0, 80)} ${c.query.slice(0, 40)}`,
          ).toBeLessThan(500);
        }
      }
      void world;
    });
  }
}
