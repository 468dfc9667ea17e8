import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PREVIEW_ACTION } from "~/components/schedule-editor/abstract-field";
import { CancelPanel } from "~/components/schedule-editor/cancel-panel";
import { DetailsFields } from "~/components/schedule-editor/details-fields";
import type { EditResult } from "~/components/schedule-editor/edit-result";
import { RecordingPanel } from "~/components/schedule-editor/recording-panel";
import { StatusPanel } from "~/components/schedule-editor/status-panel";
import { TimePanel } from "~/components/schedule-editor/time-panel";
import { requireAdmin } from "~/lib/admin-auth.server";
import { env } from "~/lib/env.server";
import { festivalInputs, instantFromFestivalTime, timesElsewhere } from "~/lib/festival-time";
import { CACHE } from "~/lib/http.server";
import {
  cancelIntent,
  recordingIntent,
  reschedulePreviewIntent,
  rescheduleConfirmIntent,
  saveDetailsIntent,
  statusIntent,
  type Reply,
} from "~/lib/schedule-editor.server";
import { endOf, formatRange, zoneCity } from "~/lib/time";
import { zonesToShow } from "~/models/admin-schedule.server";
import { getWebinarForEdit } from "~/models/admin-webinars.server";
import { peopleOptions } from "~/models/webinar-people.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.webinar.title ?? "Webinar"} · Schedule · Back office` },
];

async function load(request: Request, id: string | undefined) {
  const admin = await requireAdmin(request);
  const found = await getWebinarForEdit(admin.festival.id, id ?? "");
  if (!found) throw new Response("No such webinar in this festival.", { status: 404 });
  return { admin, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { admin, found } = await load(request, params.id);
  const { festival } = admin;
  const w = found.webinar;
  const zone = festival.timeZone;
  const inputs = festivalInputs(w.startsAt, zone);
  const again = instantFromFestivalTime(inputs.date, inputs.time, zone);
  const [options, zones] = await Promise.all([peopleOptions(festival.id), zonesToShow(festival)]);
  return data(
    {
      webinar: {
        id: w.id,
        slug: w.slug,
        title: w.title,
        status: w.status,
        recordingUrl: w.recordingUrl ?? "",
        ended: endOf(w.startsAt, w.durationMinutes) <= new Date(),
      },
      details: {
        title: w.title,
        slug: w.slug,
        topic: w.topic,
        abstract: w.abstract,
        capacity: w.capacity === null ? "" : String(w.capacity),
        joinUrl: w.joinUrl ?? "",
      },
      slots: { host: found.hostIds, speaker: found.speakerIds },
      seats: found.seats,
      time: {
        startDate: inputs.date,
        startTime: inputs.time,
        duration: String(w.durationMinutes),
      },
      current: {
        festival: formatRange(w.startsAt, w.durationMinutes, zone).text,
        utc: formatRange(w.startsAt, w.durationMinutes, "UTC").text,
        elsewhere: timesElsewhere(w.startsAt, w.durationMinutes, zones),
      },
      // A start in the autumn's repeated hour: say which of the two it is.
      timeNote:
        again.ok && again.note
          ? again.instant.getTime() === w.startsAt.getTime()
            ? again.note
            : `${inputs.time} happens twice that night in ${zoneCity(zone)} time; this webinar is at the second one (${formatRange(w.startsAt, w.durationMinutes, "UTC").clock} UTC). A time entered below means the first.`
          : null,
      zoneName: zoneCity(zone),
      created: new URL(request.url).searchParams.has("created"),
      ...options,
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { admin, found } = await load(request, params.id);
  const form = await request.formData().catch(() => new FormData());
  const id = found.webinar.id;
  const ctx = { ...admin, appUrl: env().APP_URL };
  const intent = form.get("intent");
  let reply: Reply;
  switch (intent) {
    case "save":
    case "preview-abstract":
      reply = await saveDetailsIntent(id, form, ctx);
      break;
    case "publish":
    case "unpublish":
      reply = await statusIntent(id, intent === "publish", ctx);
      break;
    case "reschedule-preview":
      reply = await reschedulePreviewIntent(id, form, admin, found.webinar);
      break;
    case "reschedule-confirm":
      reply = await rescheduleConfirmIntent(id, form, ctx);
      break;
    case "cancel-preview":
    case "cancel-confirm":
      reply = await cancelIntent(id, form, ctx, intent === "cancel-confirm");
      break;
    case "recording":
      reply = await recordingIntent(id, form, ctx);
      break;
    default:
      throw new Response("Unknown action.", { status: 400 });
  }
  return data(reply.body, { status: reply.status, headers: { "Cache-Control": CACHE.none } });
}

/** The abstract's live preview posts elsewhere and changes nothing here: no reload for it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formAction,
  defaultShouldRevalidate,
}) => (formAction === PREVIEW_ACTION ? false : defaultShouldRevalidate);

export default function EditWebinarPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as EditResult | undefined;
  const busy = useNavigation().state !== "idle";
  const { webinar, seats } = page;
  const details = result?.form === "details" ? result : undefined;
  const cancelled = webinar.status === "cancelled";
  return (
    <article aria-labelledby="webinar-title" className="schedule-editor">
      <p className="breadcrumb">
        <Link to="/admin/webinars">Schedule</Link>
      </p>
      <h1 id="webinar-title">{webinar.title}</h1>
      {page.created ? (
        <p className="notice notice--success" role="status">
          Draft created. Add the rest, then publish it when it is ready.
        </p>
      ) : null}
      <p>
        Seats: {seats.confirmed} taken
        {page.details.capacity ? ` of ${page.details.capacity}` : " (no limit)"}
        {seats.waitlisted ? `, ${seats.waitlisted} on the waitlist` : ""}.
      </p>
      <StatusPanel
        status={webinar.status}
        slug={webinar.slug}
        holding={seats.confirmed + seats.waitlisted}
        result={result?.form === "status" ? result : undefined}
        busy={busy}
      />
      <section aria-labelledby="details-title" className="stack editor-panel">
        <h2 id="details-title">Details</h2>
        <p className="muted">Saving these emails nobody (except people given new seats).</p>
        {details?.message ? (
          <p className="notice notice--success" role="status">
            {details.message}
          </p>
        ) : null}
        {details?.notes.map((n) => (
          <p key={n} className="notice notice--warning">
            {n}
          </p>
        ))}
        {details && Object.keys(details.errors).length ? (
          <p className="notice notice--error" role="alert">
            Nothing was saved: some answers need a look (see the messages below).
          </p>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <DetailsFields
            saved={page.details}
            typed={details?.values ?? null}
            slots={details?.slots ?? page.slots}
            errors={details?.errors ?? {}}
            faculty={page.faculty}
            speakers={page.speakers}
            isNew={false}
            published={webinar.status !== "draft"}
            abstractPreview={details?.preview}
          />
          <button type="submit" name="intent" value="save" disabled={busy}>
            Save details
          </button>
        </Form>
      </section>
      <TimePanel
        current={page.current}
        saved={page.time}
        result={result?.form === "time" ? result : undefined}
        zoneName={page.zoneName}
        note={page.timeNote}
        cancelled={cancelled}
        busy={busy}
      />
      {webinar.status === "published" ? (
        <RecordingPanel
          saved={webinar.recordingUrl}
          ended={webinar.ended}
          result={result?.form === "recording" ? result : undefined}
          busy={busy}
        />
      ) : null}
      {cancelled && result?.form !== "cancel" ? null : (
        <CancelPanel result={result?.form === "cancel" ? result : undefined} busy={busy} />
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
