import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { webinarRegistration } from "~db/schema";
import {
  certificateFor,
  certificateId,
  normaliseCertificateId,
  verifyCertificate,
} from "~/models/certificate.server";
import { loader } from "~/routes/me.certificates.$file";
import { loader as meLoader } from "~/routes/me._index";
import {
  createAttendee,
  createFaculty,
  createFestival,
  createRegistration,
  createSpeaker,
  createUser,
  createWebinar,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { readPdf } from "~tests/helpers/pdf";
import { callRoute } from "~tests/helpers/remix";
import { signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * The certificate of attendance, through its route: a PDF that opens, names
 * the right person and webinar, and is only ever the asker's own.
 */
const testDb = withTestDatabase();

/**
 * Tuesday 16 June 2020, 13:00 UTC: 14:00 in London (BST, UTC+1). Long over
 * on the real clock, which the route uses.
 */
const startsAt = new Date("2020-06-16T13:00:00Z");

let festival: FestivalRow;
let past: WebinarRow;
let ada: { id: string; email: string };
let adaRegistrationId: string;
let bob: { id: string };
let cy: { id: string };

async function markJoined(registrationId: string, at: Date) {
  await testDb.handle.db
    .update(webinarRegistration)
    .set({ joinedAt: at })
    .where(eq(webinarRegistration.id, registrationId));
}

beforeAll(async () => {
  const db = testDb.handle.db;
  festival = await createFestival(db, {
    name: "Networks Festival",
    timeZone: "Europe/London",
    startsOn: "2020-06-15",
    endsOn: "2020-06-19",
    contactEmail: "hello@fest.example.org",
  });
  const amara = await createFaculty(db, festival, { name: "Amara Okafor", slug: "amara-okafor" });
  const daniel = await createFaculty(db, festival, { name: "Daniel Reyes", slug: "daniel-reyes" });
  const tom = await createSpeaker(db, festival, { name: "Tom Whitfield", slug: "tom-whitfield" });
  past = await createWebinar(db, festival, {
    slug: "growing-a-regional-network",
    title: "Growing a regional network",
    startsAt,
    durationMinutes: 45,
    hosts: [amara, daniel],
    speakers: [tom],
  });
  ada = await createAttendee(db, festival, {
    email: "ada@example.org",
    name: "Ada Lovelace",
    timeZone: "America/New_York",
  });
  const reg = await createRegistration(db, past, ada, "confirmed");
  adaRegistrationId = reg.id;
  await markJoined(reg.id, new Date(startsAt.getTime() - 5 * 60_000));
  bob = await createAttendee(db, festival, { email: "bob@example.org", name: "Bob Registered" });
  await createRegistration(db, past, bob, "confirmed");
  cy = await createAttendee(db, festival, { email: "cy@example.org", name: "Cy Elsewhere" });
});

/** Calls the route as a browser would and keeps the body as bytes (a PDF is not text). */
async function download(file: string, cookie?: string) {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  const request = new Request(`http://localhost:3000/me/certificates/${encodeURIComponent(file)}`, {
    headers,
  });
  let response: Response;
  try {
    response = (await loader({ request, params: { file }, context: {} })) as Response;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("the certificate of attendance", () => {
  it("is a PDF that opens and names the person, the webinar, when and for how long, the hosts and its ID", async () => {
    const cookie = await signedInCookie(ada.id);
    const res = await download(`${past.slug}.pdf`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="certificate-${past.slug}.pdf"`,
    );
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(Number(res.headers.get("Content-Length"))).toBe(res.bytes.byteLength);
    expect(text(res.bytes.subarray(0, 5))).toBe("%PDF-");

    const pdf = await readPdf(res.bytes);
    expect(pdf.pageCount).toBe(1);
    expect(pdf.title).toBe("Certificate of attendance: Growing a regional network");
    expect(pdf.author).toBe("Networks Festival");
    expect(pdf.subject).toContain("Ada Lovelace attended Growing a regional network");

    const page = pdf.pages[0]!;
    const id = certificateId(adaRegistrationId);
    expect(id).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    for (const line of [
      "NETWORKS FESTIVAL",
      "Certificate of attendance",
      "Ada Lovelace",
      "attended the webinar",
      "Growing a regional network",
      // The festival's zone, the date written out, the zone named (not the attendee's New York).
      "on Tuesday 16 June 2020, 14:00–14:45 London time (UTC+1)",
      "Duration: 45 minutes",
      "Hosted by Amara Okafor and Daniel Reyes",
      "Guest: Tom Whitfield",
      `Certificate ID ${id}`,
      "hello@fest.example.org",
    ]) {
      expect(page, line).toContain(line);
    }
    expect(pdf.keywords).toContain(`certificate-id:${id}`);
    // Nobody else's name is on it.
    expect(page).not.toContain("Bob");
  });

  it("can be checked by organisers from its ID, however it is typed", async () => {
    const id = certificateId(adaRegistrationId);
    const found = await verifyCertificate(festival.id, id.toLowerCase().replace(/-/g, " "));
    expect(found).toMatchObject({
      certificateId: id,
      registrationId: adaRegistrationId,
      name: "Ada Lovelace",
      webinarSlug: past.slug,
    });
    expect(normaliseCertificateId(id.replace(/0/g, "O"))).toBe(id);
    // Bob did not attend, so his registration's ID is no certificate.
    const [bobReg] = await testDb.handle.db
      .select({ id: webinarRegistration.id })
      .from(webinarRegistration)
      .where(eq(webinarRegistration.userId, bob.id));
    expect(await verifyCertificate(festival.id, certificateId(bobReg!.id))).toBeNull();
    for (const junk of ["", "ABCD-EFGH-JKMN", "x".repeat(1000), null, 7]) {
      expect(await verifyCertificate(festival.id, junk)).toBeNull();
    }
  });

  it("prints names as people write them (Polish, Cyrillic), what the font lacks as near as it can, and never fails", async () => {
    const db = testDb.handle.db;
    const person = await createAttendee(db, festival, {
      email: "lucja@example.org",
      name: "Łucja Żółć Ярослава 日本",
    });
    const reg = await createRegistration(db, past, person, "confirmed");
    await markJoined(reg.id, startsAt);
    const res = await download(`${past.slug}.pdf`, await signedInCookie(person.id));
    expect(res.status).toBe(200);
    const pdf = await readPdf(res.bytes);
    // DejaVu Sans has Latin Extended and Cyrillic, not Chinese or Japanese.
    expect(pdf.pages[0]).toContain("Łucja Żółć Ярослава ??");
    // The metadata is Unicode, so the exact name is kept there.
    expect(pdf.subject).toContain("Łucja Żółć Ярослава 日本 attended");
  });

  it("uses the email address for someone who never gave a name", async () => {
    const db = testDb.handle.db;
    const person = await createAttendee(db, festival, { email: "noname@example.org", name: "" });
    const reg = await createRegistration(db, past, person, "confirmed");
    await markJoined(reg.id, startsAt);
    const pdf = await readPdf(
      (await download(`${past.slug}.pdf`, await signedInCookie(person.id))).bytes,
    );
    expect(pdf.pages[0]).toContain("noname@example.org");
  });
});

describe("who gets no certificate, and what they are told", () => {
  async function expectNotFound(res: Awaited<ReturnType<typeof download>>, message: RegExp) {
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(text(res.bytes)).toMatch(message);
  }

  it("someone who registered but did not join", async () => {
    await expectNotFound(
      await download(`${past.slug}.pdf`, await signedInCookie(bob.id)),
      /no record of you joining/,
    );
    expect(await certificateFor(bob.id, festival.id, past.slug)).toEqual({
      status: "not-attended",
    });
  });

  it("someone not registered, asking with another person's webinar", async () => {
    await expectNotFound(
      await download(`${past.slug}.pdf`, await signedInCookie(cy.id)),
      /not registered for this webinar/,
    );
  });

  it("someone waitlisted or cancelled, even if the database says they joined", async () => {
    const db = testDb.handle.db;
    for (const status of ["waitlisted", "cancelled"] as const) {
      const person = await createAttendee(db, festival, { email: `${status}@example.org` });
      const reg = await createRegistration(db, past, person, status);
      await markJoined(reg.id, startsAt);
      expect(await certificateFor(person.id, festival.id, past.slug)).toEqual({
        status: "not-registered",
      });
    }
  });

  it("an anonymous visitor, who is sent to sign in and brought back", async () => {
    const res = await download(`${past.slug}.pdf`);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("Location")!, "http://localhost:3000");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirectTo")).toBe(`/me/certificates/${past.slug}.pdf`);
  });

  it("an attendee before the webinar has finished", async () => {
    const db = testDb.handle.db;
    const live = await createWebinar(db, festival, {
      title: "On right now",
      startsAt: new Date(Date.now() - 10 * 60_000),
      durationMinutes: 60,
    });
    const reg = await createRegistration(db, live, ada, "confirmed");
    await markJoined(reg.id, new Date());
    await expectNotFound(
      await download(`${live.slug}.pdf`, await signedInCookie(ada.id)),
      /once the webinar has finished/,
    );
  });

  it("drafts, cancelled webinars, other festivals' webinars and garbage file names", async () => {
    const db = testDb.handle.db;
    const cookie = await signedInCookie(ada.id);
    const draft = await createWebinar(db, festival, { status: "draft", startsAt });
    const cancelled = await createWebinar(db, festival, { status: "cancelled", startsAt });
    // An earlier edition: not the current festival, so not found here.
    const older = await createFestival(db, { startsOn: "2019-06-10", endsOn: "2019-06-14" });
    const elsewhere = await createWebinar(db, older, { startsAt: new Date("2019-06-11T13:00Z") });
    for (const w of [draft, cancelled, elsewhere]) {
      const reg = await createRegistration(db, w, ada, "confirmed");
      await markJoined(reg.id, w.startsAt);
    }
    const names = [
      `${draft.slug}.pdf`,
      `${cancelled.slug}.pdf`,
      `${elsewhere.slug}.pdf`,
      "no-such-webinar.pdf",
      "",
      ".pdf",
      past.slug,
      `${past.slug}.PDF`,
      `${past.slug}.pdf.pdf`,
      `${past.slug.toUpperCase()}.pdf`,
      `../${past.slug}.pdf`,
      `${past.slug}%00.pdf`,
      `${past.slug}\u0000.pdf`,
      "ü.pdf",
      `${"a".repeat(5000)}.pdf`,
      "'; drop table webinar; --.pdf",
    ];
    for (const name of names) {
      const res = await download(name, cookie);
      expect(res.status, JSON.stringify(name.slice(0, 50))).toBe(404);
      expect(text(res.bytes)).toBe("There is no certificate at this address.");
    }
  });
});

describe("/me", () => {
  it("marks the webinars the person attended, where the page offers the certificate", async () => {
    const res = await callRoute<{ webinars: { webinar: { slug: string }; joined: boolean }[] }>(
      meLoader,
      "/me",
      { cookie: await signedInCookie(ada.id) },
    );
    expect(res.status).toBe(200);
    const mine = res.data!.webinars.find((w) => w.webinar.slug === past.slug);
    expect(mine?.joined).toBe(true);
    const bobs = await callRoute<{ webinars: { webinar: { slug: string }; joined: boolean }[] }>(
      meLoader,
      "/me",
      { cookie: await signedInCookie(bob.id) },
    );
    expect(bobs.data!.webinars.find((w) => w.webinar.slug === past.slug)?.joined).toBe(false);
  });
});

// A user with no festival registration at all is "not registered" too.
it("someone who never registered for anything", async () => {
  const stranger = await createUser(testDb.handle.db, { email: "stranger@example.org" });
  expect(await certificateFor(stranger.id, festival.id, past.slug)).toEqual({
    status: "not-registered",
  });
});
