import type { EditResult, MovePreviewView } from "~/components/schedule-editor/edit-result";
import { timesElsewhere } from "~/lib/festival-time";
import { renderMarkdown } from "~/lib/markdown.server";
import { formatRange } from "~/lib/time";
import { checkNewTime, zonesToShow } from "~/models/admin-schedule.server";
import { saveWebinarDetails, type EditContext } from "~/models/admin-webinars.server";
import { setPublished } from "~/models/webinar-status.server";
import type { AdminContext } from "~/lib/admin-auth.server";
import { previewWhoIsTold } from "~/models/change-preview.server";
import { publishRecording } from "~/models/recording.server";
import { cancelWebinar, rescheduleWebinar } from "~/models/schedule-changes.server";
import { parseDetails, parseTime, stringValues, typedSlots } from "~/models/webinar-input.server";

/**
 * The edit page's intents, each turning a form into a model call and the
 * model's answer into what the page shows (EditResult) with its status.
 * Kept out of the route file so the route stays a list of intents.
 */
export interface Reply {
  body: EditResult;
  status: number;
}

const notFound = () => new Response("Not found", { status: 404 });
const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);

export async function saveDetailsIntent(
  id: string,
  form: FormData,
  ctx: EditContext,
): Promise<Reply> {
  const slots = typedSlots(form);
  const values = stringValues(form);
  const base = { form: "details" as const, values, slots, preview: null, message: null, notes: [] };
  if (form.get("intent") === "preview-abstract") {
    const abstract = (values.abstract ?? "").slice(0, 20_000);
    return { status: 200, body: { ...base, errors: {}, preview: renderMarkdown(abstract) } };
  }
  const parsed = parseDetails(form);
  if (!parsed.ok) return { status: 400, body: { ...base, errors: parsed.errors } };
  const result = await saveWebinarDetails(id, parsed.data, ctx);
  if (result.status === "not-found") throw notFound();
  if (result.status === "invalid") return { status: 400, body: { ...base, errors: result.errors } };
  return {
    status: 200,
    body: {
      form: "details",
      errors: {},
      values: null,
      slots: null,
      preview: null,
      message: result.status === "unchanged" ? "Nothing had changed." : "Saved.",
      notes: result.status === "saved" ? result.notes : [],
    },
  };
}

export async function statusIntent(id: string, publish: boolean, ctx: EditContext): Promise<Reply> {
  const result = await setPublished(id, publish, ctx);
  if (result.status === "not-found") throw notFound();
  const body = { form: "status" as const, error: null, message: null, notes: [] };
  if (result.status === "refused") return { status: 409, body: { ...body, error: result.error } };
  if (result.status === "unchanged") {
    return { status: 200, body: { ...body, message: "It already was." } };
  }
  return {
    status: 200,
    body: {
      ...body,
      message: publish
        ? "Published: it is on the public schedule, and people can register."
        : "Unpublished: it is a draft again, hidden from the public.",
      notes: result.notes,
    },
  };
}

export async function reschedulePreviewIntent(
  id: string,
  form: FormData,
  { festival }: AdminContext,
  current: { startsAt: Date; durationMinutes: number },
): Promise<Reply> {
  const values = stringValues(form);
  const time = parseTime(form, festival.timeZone);
  const base = { form: "time" as const, values, preview: null, message: null };
  if (!time.ok) return { status: 400, body: { ...base, step: "edit", errors: time.errors } };
  const { startsAt, durationMinutes, note } = time.data;
  if (
    startsAt.getTime() === current.startsAt.getTime() &&
    durationMinutes === current.durationMinutes
  ) {
    return {
      status: 400,
      body: { ...base, step: "edit", errors: { startTime: "That is the time it already has." } },
    };
  }
  const [told, flags, zones] = await Promise.all([
    previewWhoIsTold(festival, id, { startsAt, durationMinutes }),
    checkNewTime(festival, id, { startsAt, durationMinutes }),
    zonesToShow(festival),
  ]);
  if (told.status === "not-found") throw notFound();
  if (told.status === "refused") {
    return { status: 409, body: { ...base, step: "edit", errors: { form: told.error } } };
  }
  const preview: MovePreviewView = {
    told: told.told,
    festival: formatRange(startsAt, durationMinutes, festival.timeZone).text,
    utc: formatRange(startsAt, durationMinutes, "UTC").text,
    elsewhere: timesElsewhere(startsAt, durationMinutes, zones),
    note,
    ...flags,
  };
  return { status: 200, body: { ...base, step: "confirm", errors: {}, preview } };
}

export async function rescheduleConfirmIntent(
  id: string,
  form: FormData,
  ctx: EditContext,
): Promise<Reply> {
  const values = stringValues(form);
  const time = parseTime(form, ctx.festival.timeZone);
  const base = { form: "time" as const, values, preview: null, message: null };
  if (!time.ok) return { status: 400, body: { ...base, step: "edit", errors: time.errors } };
  const result = await rescheduleWebinar(
    id,
    { startsAt: time.data.startsAt, durationMinutes: time.data.durationMinutes },
    ctx,
  );
  if (result.status === "not-found") throw notFound();
  if (result.status === "invalid") {
    return { status: 400, body: { ...base, step: "edit", errors: { form: result.error } } };
  }
  return {
    status: 200,
    body: {
      ...base,
      step: "done",
      errors: {},
      message:
        result.status === "unchanged"
          ? "That is the time it already has: nothing changed."
          : `Moved. ${people(result.notified)} will be emailed the new time.`,
    },
  };
}

const REASON_MAX = 1000;

function reasonOf(form: FormData): { reason: string; error?: string } {
  const raw = form.get("reason");
  const reason = typeof raw === "string" ? raw.trim() : "";
  if (reason.length > REASON_MAX) {
    return {
      reason: reason.slice(0, 5_000),
      error: `Keep the explanation under ${REASON_MAX} characters.`,
    };
  }
  return { reason };
}

export async function cancelIntent(
  id: string,
  form: FormData,
  ctx: EditContext,
  confirm: boolean,
): Promise<Reply> {
  const { reason, error } = reasonOf(form);
  const base = { form: "cancel" as const, reason, told: null, message: null };
  if (error) return { status: 400, body: { ...base, step: "edit", errors: { reason: error } } };
  if (!confirm) {
    const told = await previewWhoIsTold(ctx.festival, id);
    if (told.status === "not-found") throw notFound();
    if (told.status === "refused") {
      return { status: 409, body: { ...base, step: "edit", errors: { reason: told.error } } };
    }
    return { status: 200, body: { ...base, step: "confirm", errors: {}, told: told.told } };
  }
  const result = await cancelWebinar(id, { ...ctx, reason });
  if (result.status === "not-found") throw notFound();
  if (result.status === "invalid") {
    return { status: 400, body: { ...base, step: "edit", errors: { reason: result.error } } };
  }
  return {
    status: 200,
    body: {
      ...base,
      step: "done",
      errors: {},
      message:
        result.status === "unchanged"
          ? "It was already cancelled."
          : `Cancelled. ${people(result.notified)} will be emailed.`,
    },
  };
}

export async function recordingIntent(
  id: string,
  form: FormData,
  ctx: EditContext,
): Promise<Reply> {
  const raw = form.get("recordingUrl");
  const value = typeof raw === "string" ? raw.slice(0, 5_000) : "";
  const base = { form: "recording" as const, value, message: null };
  const result = await publishRecording(id, value, ctx);
  if (result.status === "not-found") throw notFound();
  if (result.status === "invalid") {
    return { status: 400, body: { ...base, errors: { recordingUrl: result.error } } };
  }
  if (result.status === "unavailable") {
    return { status: 409, body: { ...base, errors: { recordingUrl: result.message } } };
  }
  const { thanks, missed, changed } = result.queued;
  const message =
    result.change === "unchanged"
      ? "That is the link already published: nobody was emailed again."
      : result.change === "changed"
        ? `Changed. ${people(changed)} told the recording moved${thanks + missed ? `, ${people(thanks + missed)} sent it for the first time` : ""}.`
        : `Published. ${people(thanks)} thanked with their certificate, ${people(missed)} sent the recording they missed.`;
  return { status: 200, body: { ...base, value: result.recordingUrl, errors: {}, message } };
}
