import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { CACHE } from "~/lib/http.server";
import { loader as scheduleJsonLoader } from "~/routes/schedule[.]json";
import { loader as scheduleXmlLoader } from "~/routes/schedule[.]xml";
import { createSpeaker, createWebinar, dstWeekFestival } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

/*
 * The frab schedule as a conference app would fetch it: validated against
 * schemas of the format (tests/fixtures/frab), then read with a real XML parser.
 */

const FIXTURES = path.resolve(__dirname, "../fixtures/frab");
const XSD = path.join(FIXTURES, "schedule.xsd");
const JSON_SCHEMA = path.join(FIXTURES, "schedule.schema.json");

const testDb = withTestDatabase();
let week: Awaited<ReturnType<typeof dstWeekFestival>>;

const TRICKY_TITLE = `Q&A <live>: "networks" & 'partners' 🎉`;
const TRICKY_TOPIC = "Wellbeing & <care>";
const TRICKY_NAME = `Zoë O'Brien & "Friends" 🌍`;
const RECORDING = "https://video.example.org/watch?v=42&t=1m";

beforeAll(async () => {
  week = await dstWeekFestival(testDb.handle.db);
  const guest = await createSpeaker(testDb.handle.db, week.festival, {
    name: TRICKY_NAME,
    slug: "zoe-obrien",
    bio: "Runs **care** networks & more.",
  });
  await createWebinar(testDb.handle.db, week.festival, {
    slug: "q-and-a",
    title: TRICKY_TITLE,
    topic: TRICKY_TOPIC,
    abstract: 'Bring "questions" & ideas <3\n\nSecond paragraph 🎉',
    localStart: "2026-10-28T09:00",
    durationMinutes: 90,
    recordingUrl: RECORDING,
    speakers: [guest],
  });
});

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Character references (&#10;) are XML; fast-xml-parser decodes them only with this on.
  htmlEntities: true,
  isArray: (name) => ["day", "room", "event", "person", "link"].includes(name),
});

interface XmlEvent {
  "@id": string;
  "@guid": string;
  title: string;
  subtitle: string;
  track: string;
  date: string;
  start: string;
  duration: string;
  slug: string;
  url: string;
  abstract: string;
  description: string;
  persons: "" | { person: (string | { "#text": string })[] };
  links: "" | { link: { "@href": string; "#text": string }[] };
}

interface XmlDay {
  "@index": string;
  "@date": string;
  "@start": string;
  "@end": string;
  room: { "@name": string; event?: XmlEvent[] }[];
}

async function fetchXml() {
  const result = await callRoute(scheduleXmlLoader, "/schedule.xml");
  expect(result.status).toBe(200);
  const parsed = xmlParser.parse(result.body!) as {
    schedule: { version: string; conference: Record<string, string>; day: XmlDay[] };
  };
  const events = parsed.schedule.day.flatMap((d) => d.room.flatMap((r) => r.event ?? []));
  return { ...result, schedule: parsed.schedule, events };
}

interface JsonEvent {
  id: number;
  guid: string;
  slug: string;
  title: string;
  date: string;
  start: string;
  end: string;
  duration: string;
  persons: { name: string; guid: string; url?: string }[];
  links: { url: string; title: string }[];
}

async function fetchJson() {
  const result = await callRoute<{
    schedule: {
      version: string;
      conference: {
        acronym: string;
        time_zone_name: string;
        days: {
          date: string;
          day_start: string;
          day_end: string;
          rooms: Record<string, JsonEvent[]>;
        }[];
      };
    };
  }>(scheduleJsonLoader, "/schedule.json");
  expect(result.status).toBe(200);
  const events = result.data!.schedule.conference.days.flatMap((d) =>
    Object.values(d.rooms).flat(),
  );
  return { ...result, events };
}

const personName = (p: string | { "#text": string }) => (typeof p === "string" ? p : p["#text"]);

describe("against the frab schemas (tests/fixtures/frab)", () => {
  it("schedule.xml validates against the frab XSD", async () => {
    const { body } = await fetchXml();
    const result = await validateXML({
      xml: [{ fileName: "schedule.xml", contents: body! }],
      schema: [readFileSync(XSD, "utf8")],
    });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("the XSD check is real: an event without its guid is refused", async () => {
    const { body } = await fetchXml();
    const broken = body!.replace(/<event guid="[^"]+"/, "<event");
    const result = await validateXML({
      xml: [{ fileName: "schedule.xml", contents: broken }],
      schema: [readFileSync(XSD, "utf8")],
    });
    expect(result.valid).toBe(false);
  });

  const compileSchema = () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(JSON.parse(readFileSync(JSON_SCHEMA, "utf8")) as object);
  };

  it("schedule.json validates against the frab JSON Schema", async () => {
    const { data } = await fetchJson();
    const validate = compileSchema();
    const valid = validate(data);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the JSON Schema check is real: an event without its guid is refused", async () => {
    const { data } = await fetchJson();
    const copy = structuredClone(data!);
    const first = Object.values(copy.schedule.conference.days[2]!.rooms)[0]![0]!;
    delete (first as Partial<JsonEvent>).guid;
    expect(compileSchema()(copy)).toBe(false);
  });
});

describe("what a conference app reads", () => {
  it("is public, cacheable and readable from other sites", async () => {
    const xml = await callRoute(scheduleXmlLoader, "/schedule.xml");
    expect(xml.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    expect(xml.headers.get("Cache-Control")).toBe(CACHE.publicFeed);
    expect(xml.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const json = await callRoute(scheduleJsonLoader, "/schedule.json");
    expect(json.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(json.headers.get("Cache-Control")).toBe(CACHE.publicFeed);
    expect(json.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("describes the festival: its days in its own zone, changing at midnight there", async () => {
    const { schedule } = await fetchXml();
    expect(schedule.conference).toMatchObject({
      title: "Autumn Networks Week",
      acronym: "autumn_networks_week",
      start: "2026-10-21",
      end: "2026-10-28",
      days: "8",
      time_zone_name: "Europe/London",
      base_url: "http://localhost:3000/",
    });
    const days = schedule.day.map((d) => [d["@index"], d["@date"], d["@start"], d["@end"]]);
    expect(days).toHaveLength(8);
    expect(days[0]).toEqual([
      "1",
      "2026-10-21",
      "2026-10-21T00:00:00+01:00",
      "2026-10-22T00:00:00+01:00",
    ]);
    // Sunday 25 October is 25 hours long in London: it starts in summer time and ends in winter time.
    expect(days[4]).toEqual([
      "5",
      "2026-10-25",
      "2026-10-25T00:00:00+01:00",
      "2026-10-26T00:00:00+00:00",
    ]);
    expect(days[7]).toEqual([
      "8",
      "2026-10-28",
      "2026-10-28T00:00:00+00:00",
      "2026-10-29T00:00:00+00:00",
    ]);
    expect(new Set(schedule.day.flatMap((d) => d.room.map((r) => r["@name"])))).toEqual(
      new Set(["Online"]),
    );
  });

  it("gives each webinar its festival-zone time, with the new offset after the clocks change", async () => {
    const { events } = await fetchXml();
    const bySlug = Object.fromEntries(events.map((e) => [e.slug, e]));
    expect(bySlug["autumn_networks_week-before-the-change"]).toMatchObject({
      date: "2026-10-23T12:30:00+01:00",
      start: "12:30",
      duration: "00:30",
    });
    expect(bySlug["autumn_networks_week-after-the-change"]).toMatchObject({
      date: "2026-10-27T12:30:00+00:00",
      start: "12:30",
      duration: "00:30",
    });
    expect(bySlug["autumn_networks_week-q-and-a"]).toMatchObject({
      date: "2026-10-28T09:00:00+00:00",
      start: "09:00",
      duration: "01:30",
    });
    // Each sits in the day of its festival date.
    const { schedule } = await fetchXml();
    const dayOf = (slug: string) =>
      schedule.day.find((d) => d.room.some((r) => r.event?.some((e) => e.slug === slug)))?.[
        "@date"
      ];
    expect(dayOf("autumn_networks_week-before-the-change")).toBe("2026-10-23");
    expect(dayOf("autumn_networks_week-after-the-change")).toBe("2026-10-27");

    const json = await fetchJson();
    const after = json.events.find((e) => e.slug === "autumn_networks_week-after-the-change")!;
    expect(after).toMatchObject({
      date: "2026-10-27T12:30:00+00:00",
      end: "2026-10-27T13:00:00+00:00",
      start: "12:30",
      duration: "00:30",
    });
    expect(json.data!.schedule.conference.days[4]).toMatchObject({
      date: "2026-10-25",
      day_start: "2026-10-25T00:00:00+01:00",
      day_end: "2026-10-26T00:00:00+00:00",
    });
  });

  it("leaves out drafts and cancelled webinars", async () => {
    const { events, body } = await fetchXml();
    expect(events.map((e) => e.slug)).toEqual([
      "autumn_networks_week-before-the-change",
      "autumn_networks_week-after-the-change",
      "autumn_networks_week-q-and-a",
    ]);
    expect(body).not.toContain("Still a draft");
    expect(body).not.toContain("Called off");
    const json = await fetchJson();
    expect(json.events.map((e) => e.slug)).toEqual(events.map((e) => e.slug));
    expect(json.body).not.toContain("Still a draft");
    expect(json.body).not.toContain("Called off");
  });

  it("uses the calendar UID as guid, and ids that stay put when the schedule changes", async () => {
    const first = await fetchJson();
    const guids = Object.fromEntries(first.events.map((e) => [e.slug, e.guid]));
    expect(guids["autumn_networks_week-after-the-change"]).toBe(week.afterChange.calendarUid);
    expect(guids["autumn_networks_week-before-the-change"]).toBe(week.beforeChange.calendarUid);
    const ids = Object.fromEntries(first.events.map((e) => [e.slug, e.id]));
    for (const id of Object.values(ids)) {
      expect(Number.isInteger(id) && id >= 1 && id <= 0x7fffffff).toBe(true);
    }
    expect(new Set(Object.values(ids)).size).toBe(3);

    // A webinar added earlier in the week must not renumber the others.
    await createWebinar(testDb.handle.db, week.festival, {
      slug: "early-bird",
      title: "Early bird",
      localStart: "2026-10-21T08:00",
    });
    const second = await fetchJson();
    const idsAfter = Object.fromEntries(second.events.map((e) => [e.slug, e.id]));
    expect(idsAfter).toMatchObject(ids);
    expect(Object.keys(idsAfter)).toHaveLength(4);
    expect(second.data!.schedule.version).not.toBe(first.data!.schedule.version);

    // XML and JSON agree.
    const xml = await fetchXml();
    expect(Object.fromEntries(xml.events.map((e) => [e.slug, Number(e["@id"])]))).toEqual(idsAfter);
  });

  it("keeps &, <, quotes and emoji intact through a real XML parser", async () => {
    const { events, body } = await fetchXml();
    const tricky = events.find((e) => e.slug === "autumn_networks_week-q-and-a")!;
    expect(tricky.title).toBe(TRICKY_TITLE);
    expect(tricky.subtitle).toBe(TRICKY_TOPIC);
    expect(tricky.track).toBe(TRICKY_TOPIC);
    expect(tricky.abstract).toBe('Bring "questions" & ideas <3\n\nSecond paragraph 🎉');
    expect(tricky.persons && tricky.persons.person.map(personName)).toEqual([TRICKY_NAME]);
    expect(tricky.links && tricky.links.link).toEqual([
      { "@href": RECORDING, "#text": "Recording" },
    ]);
    // Escaped in the text itself, not wrapped in CDATA a careless reader could trip on.
    expect(body).toContain("Q&amp;A &lt;live&gt;");
    expect(body).not.toContain("<![CDATA[");

    const json = await fetchJson();
    const jsonTricky = json.events.find((e) => e.slug === "autumn_networks_week-q-and-a")!;
    expect(jsonTricky.title).toBe(TRICKY_TITLE);
    expect(jsonTricky.persons.map((p) => p.name)).toEqual([TRICKY_NAME]);
    expect(jsonTricky.links).toEqual([{ title: "Recording", url: RECORDING, type: "media" }]);
  });

  it("lists hosts then guests by name, with faculty profile links", async () => {
    const { events } = await fetchXml();
    const after = events.find((e) => e.slug === "autumn_networks_week-after-the-change")!;
    expect(after.persons && after.persons.person.map(personName)).toEqual([
      "Daniel Reyes",
      "Amara Okafor",
      "Tom Whitfield",
    ]);
    const json = await fetchJson();
    const jsonAfter = json.events.find((e) => e.slug === "autumn_networks_week-after-the-change")!;
    expect(jsonAfter.persons.map((p) => [p.name, p.url ?? null])).toEqual([
      ["Daniel Reyes", "http://localhost:3000/faculty/daniel-reyes"],
      ["Amara Okafor", "http://localhost:3000/faculty/amara-okafor"],
      ["Tom Whitfield", null],
    ]);
    // The same person has the same guid in every webinar they host.
    const before = json.events.find((e) => e.slug === "autumn_networks_week-before-the-change")!;
    expect(before.persons[0]!.guid).toBe(jsonAfter.persons[1]!.guid);
  });

  it("never carries an email address, a join link or unsafe markup", async () => {
    const { body: xml } = await fetchXml();
    const { body: json } = await fetchJson();
    for (const text of [xml!, json!]) {
      expect(text).not.toContain("@");
      expect(text).not.toContain("meet.example.test");
      expect(text).not.toContain("secret-");
      expect(text).not.toMatch(/javascript:/i);
      expect(text).not.toMatch(/<script/i);
      expect(text).not.toContain("alert(");
    }
  });
});
