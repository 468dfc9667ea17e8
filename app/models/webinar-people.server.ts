import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { facultyProfile, speaker, webinarHost, webinarSpeaker } from "~db/schema";
import type { FieldErrors } from "~/lib/form";
import { speakerOptions } from "./admin-speakers.server";
import { listFaculty } from "./faculty.server";

/** A webinar's hosts (faculty) and guest speakers, in the order they are shown. */

/** Names of the chosen hosts and speakers, in order, and errors for any not of this festival. */
export async function peopleNames(
  tx: Tx,
  festivalId: string,
  hostIds: string[],
  speakerIds: string[],
) {
  const [hosts, speakers] = await Promise.all([
    hostIds.length
      ? tx
          .select({ id: facultyProfile.id, name: facultyProfile.name })
          .from(facultyProfile)
          .where(
            and(eq(facultyProfile.festivalId, festivalId), inArray(facultyProfile.id, hostIds)),
          )
      : Promise.resolve([]),
    speakerIds.length
      ? tx
          .select({ id: speaker.id, name: speaker.name })
          .from(speaker)
          .where(and(eq(speaker.festivalId, festivalId), inArray(speaker.id, speakerIds)))
      : Promise.resolve([]),
  ]);
  const errors: FieldErrors = {};
  if (hosts.length !== hostIds.length) errors.hosts = "Choose hosts from the festival's faculty.";
  if (speakers.length !== speakerIds.length) {
    errors.speakers = "Choose guest speakers from the list.";
  }
  const name = (rows: { id: string; name: string }[], id: string) =>
    rows.find((r) => r.id === id)?.name ?? "";
  return {
    errors,
    hostNames: hostIds.map((id) => name(hosts, id)),
    speakerNames: speakerIds.map((id) => name(speakers, id)),
  };
}

/** Sets a webinar's hosts and guests to these, in this order (inside the caller's transaction). */
export async function replacePeople(
  tx: Tx,
  webinarId: string,
  hostIds: string[],
  speakerIds: string[],
) {
  await tx.delete(webinarHost).where(eq(webinarHost.webinarId, webinarId));
  await tx.delete(webinarSpeaker).where(eq(webinarSpeaker.webinarId, webinarId));
  if (hostIds.length) {
    await tx
      .insert(webinarHost)
      .values(hostIds.map((facultyId, position) => ({ webinarId, facultyId, position })));
  }
  if (speakerIds.length) {
    await tx
      .insert(webinarSpeaker)
      .values(speakerIds.map((speakerId, position) => ({ webinarId, speakerId, position })));
  }
}

/** The names of a webinar's hosts and guests now, for the audit log's "before". */
export async function currentPeople(tx: Tx, webinarId: string) {
  const [hosts, speakers] = await Promise.all([
    tx
      .select({ name: facultyProfile.name })
      .from(webinarHost)
      .innerJoin(facultyProfile, eq(facultyProfile.id, webinarHost.facultyId))
      .where(eq(webinarHost.webinarId, webinarId))
      .orderBy(asc(webinarHost.position)),
    tx
      .select({ name: speaker.name })
      .from(webinarSpeaker)
      .innerJoin(speaker, eq(speaker.id, webinarSpeaker.speakerId))
      .where(eq(webinarSpeaker.webinarId, webinarId))
      .orderBy(asc(webinarSpeaker.position)),
  ]);
  return { hostNames: hosts.map((h) => h.name), speakerNames: speakers.map((s) => s.name) };
}

/** The faculty and guest speakers a webinar's form offers, as select options. */
export async function peopleOptions(festivalId: string) {
  const [faculty, guests] = await Promise.all([
    listFaculty(festivalId),
    speakerOptions(festivalId),
  ]);
  return {
    faculty: faculty.map((f) => ({ value: f.id, label: f.name })),
    speakers: guests.map((s) => ({
      value: s.id,
      label: s.organisation ? `${s.name} (${s.organisation})` : s.name,
    })),
  };
}
