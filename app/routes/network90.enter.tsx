import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox, Field, FormMessage, SelectField, TextAreaField } from "~/components/field";
import { requireViewer } from "~/lib/auth.server";
import { formValues } from "~/lib/form";
import { CACHE } from "~/lib/http.server";
import { consumeRequestLimit, tooManyRequests } from "~/lib/rate-limit.server";
import { REGIONS } from "~/lib/regions";
import { discardUpload, receiveStreamedUpload } from "~/lib/streamed-upload.server";
import { formatWhen } from "~/lib/time";
import { viewerZone } from "~/lib/viewer-zone.server";
import { competitionPhase, getCompetition, publicationBlockers } from "~/models/competition.server";
import {
  attachCaptions,
  attachUploadedVideo,
  entryDetailsForm,
  getOwnEntry,
  MAX_CAPTIONS_BYTES,
  MAX_VIDEO_BYTES,
  MAX_VIDEO_SECONDS,
  saveEntryDetails,
  setVideoLink,
  submitEntry,
  withdrawConsent,
  type EntrantContext,
  type EntryResult,
} from "~/models/entries.server";
import { requireCurrentFestival } from "~/models/festival.server";

export const meta: MetaFunction = () => [{ title: "Enter Network90" }];

async function entrant(request: Request) {
  const viewer = await requireViewer(request);
  const festival = await requireCurrentFestival();
  const competition = await getCompetition(festival.id);
  if (!competition) {
    throw new Response("Network90 is not running at this festival.", { status: 404 });
  }
  const zone = viewerZone(request, festival.timeZone, viewer.timeZone).zone;
  const ctx: EntrantContext = { festivalId: festival.id, competition, userId: viewer.id, zone };
  return { viewer, festival, competition, ctx };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, competition, ctx } = await entrant(request);
  const now = new Date();
  const entry = await getOwnEntry(ctx.festivalId, viewer.id);
  return data(
    {
      name: competition.name,
      email: viewer.email,
      open: competitionPhase(competition, now) === "entries-open",
      closesAt: formatWhen(competition.entriesCloseAt, ctx.zone),
      regions: REGIONS,
      entry: entry && {
        networkName: entry.networkName,
        region: entry.region,
        contactName: entry.contactName,
        description: entry.description,
        consent: entry.publicConsentAt !== null,
        status: entry.status,
        decisionReason: entry.decisionReason,
        video: entry.videoKey
          ? {
              kind: "upload" as const,
              seconds: Math.round(entry.videoSeconds ?? 0),
              type: (entry.videoType ?? "").toUpperCase(),
              megabytes: Math.round(((entry.videoBytes ?? 0) / 1024 / 1024) * 10) / 10,
            }
          : entry.videoUrl
            ? { kind: "link" as const, url: entry.videoUrl }
            : null,
        hasCaptions: entry.captionsKey !== null,
        blockers: publicationBlockers(entry),
      },
      limits: { seconds: MAX_VIDEO_SECONDS, megabytes: MAX_VIDEO_BYTES / 1024 / 1024 },
    },
    { headers: { "Cache-Control": CACHE.personal } },
  );
}

type ActionData = {
  errors: Record<string, string>;
  message: string | null;
  values: Record<string, string>;
};

const answer = (result: EntryResult, values: Record<string, string> = {}) =>
  result.ok
    ? data<ActionData>({ errors: {}, message: result.message, values: {} })
    : data<ActionData>({ errors: result.errors, message: null, values }, 400);

export async function action({ request }: ActionFunctionArgs) {
  const { ctx } = await entrant(request);
  const now = new Date();
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  if (multipart) {
    const upload = await receiveStreamedUpload(request, {
      video: MAX_VIDEO_BYTES,
      captions: MAX_CAPTIONS_BYTES,
    });
    if (!upload.ok) {
      if (upload.reason === "too-large") {
        const limit = `${Math.round(upload.maxBytes / 1024 / 1024)} MB`;
        const field = upload.field === "captions" ? "captions" : "video";
        return answer({
          ok: false,
          errors: { [field]: `The file is too large: at most ${limit}.` },
        });
      }
      return answer({ ok: false, errors: { form: "The upload did not arrive whole. Try again." } });
    }
    try {
      const intent = upload.fields.get("intent");
      const file = upload.files.get(intent === "captions" ? "captions" : "video");
      if (!file) {
        const field = intent === "captions" ? "captions" : "video";
        return answer({ ok: false, errors: { [field]: "Choose a file to upload." } });
      }
      const limit = await consumeRequestLimit("upload", request, ctx.userId);
      if (!limit.ok) {
        const field = intent === "captions" ? "captions" : "video";
        const body: ActionData = { errors: { [field]: limit.message }, message: null, values: {} };
        return tooManyRequests(limit, body);
      }
      return answer(
        intent === "captions"
          ? await attachCaptions(ctx, file, now)
          : await attachUploadedVideo(ctx, file, now),
      );
    } finally {
      await discardUpload(upload.files);
    }
  }
  const form = await request.formData().catch(() => null);
  if (!form) return answer({ ok: false, errors: { form: "The form did not arrive whole." } });
  const intent = form.get("intent");
  if (intent === "details") {
    const parsed = entryDetailsForm.safeParse(formValues(form));
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      return answer({ ok: false, errors }, formValues(form));
    }
    return answer(await saveEntryDetails(ctx, parsed.data, now), formValues(form));
  }
  if (intent === "link") {
    const url = form.get("videoUrl");
    return answer(
      await setVideoLink(ctx, typeof url === "string" ? url : "", now),
      formValues(form),
    );
  }
  if (intent === "submit") return answer(await submitEntry(ctx, now));
  if (intent === "withdraw-consent") return answer(await withdrawConsent(ctx, now));
  return answer({ ok: false, errors: { form: "Choose what to do." } });
}

const STATUS_WORDS = {
  draft: "Not sent yet",
  submitted: "With the judges",
  shortlisted: "Shortlisted: in the public gallery when voting opens",
  declined: "Not shortlisted",
} as const;

export default function EnterNetwork90() {
  const { name, email, open, closesAt, regions, entry, limits } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  const typed = result?.values ?? {};
  const value = (key: "networkName" | "contactName" | "description" | "region") =>
    typed[key] ?? entry?.[key] ?? "";

  return (
    <section className="stack narrow" aria-labelledby="enter-title">
      <p className="breadcrumb">
        <Link to="/network90">{name}</Link> / Your entry
      </p>
      <h1 id="enter-title">Your {name} entry</h1>
      <p className="lead">
        Ninety seconds about your network, with captions. Entries close {closesAt}.
      </p>
      <FormMessage success={result?.message ?? undefined} />
      <ErrorSummary errors={result?.errors} />
      {entry ? (
        <div className="notice" role="status">
          <p>
            <strong>{STATUS_WORDS[entry.status]}</strong>
            {entry.status === "declined" && entry.decisionReason ? `: ${entry.decisionReason}` : ""}
          </p>
          {entry.blockers.length > 0 ? (
            <p>Before your video can be shown publicly it needs {entry.blockers.join(", ")}.</p>
          ) : null}
        </div>
      ) : null}
      {!open ? (
        <p className="notice notice--warning">
          Entries are closed: your entry can no longer be changed.
        </p>
      ) : null}

      <Form method="post" className="stack" aria-labelledby="details-title" noValidate>
        <h2 id="details-title">1. Your network</h2>
        <input type="hidden" name="intent" value="details" />
        <Field
          name="networkName"
          label="Network name"
          defaultValue={value("networkName")}
          error={errors.networkName}
          maxLength={120}
          required
        />
        <SelectField
          name="region"
          label="Where it is based"
          defaultValue={value("region")}
          error={errors.region}
          options={[
            { value: "", label: "Choose a region or nation" },
            ...regions.map((r) => ({ value: r, label: r })),
          ]}
        />
        <Field
          name="contactName"
          label="Contact name"
          defaultValue={value("contactName")}
          error={errors.contactName}
          hint={`We write to ${email}, the address you signed in with.`}
          maxLength={120}
          required
        />
        <TextAreaField
          name="description"
          label="About your network"
          rows={5}
          defaultValue={value("description")}
          error={errors.description}
          hint="A few sentences: who you bring together and what you do. Shown with your video."
          maxLength={1500}
        />
        <Checkbox
          name="consent"
          label="The festival may show our video, captions and description publicly on this site."
          defaultChecked={typed.consent ? typed.consent === "on" : (entry?.consent ?? false)}
        />
        <button type="submit" className="button" disabled={busy || !open}>
          {entry ? "Save details" : "Start our entry"}
        </button>
      </Form>

      <section className="stack" aria-labelledby="video-title">
        <h2 id="video-title">2. Your video</h2>
        <p>
          At most {limits.seconds} seconds. Upload an MP4, WebM or MOV file (up to{" "}
          {limits.megabytes} MB; we read its length from the file), or give a link to the video on a
          hosting site.
        </p>
        {entry?.video ? (
          <p className="notice notice--success">
            {entry.video.kind === "upload"
              ? `Uploaded: ${entry.video.seconds} seconds, ${entry.video.type}, ${entry.video.megabytes} MB.`
              : `Linked: ${entry.video.url}`}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stack">
          <input type="hidden" name="intent" value="video" />
          <Field
            name="video"
            label={entry?.video ? "Replace the video with a file" : "Video file"}
            type="file"
            accept="video/mp4,video/webm,video/quicktime,.mp4,.webm,.mov"
            error={errors.video}
          />
          <button type="submit" className="button" disabled={busy || !open || !entry}>
            Upload the video
          </button>
        </Form>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="link" />
          <Field
            name="videoUrl"
            label="Or the video's address on a hosting site"
            type="url"
            placeholder="https://"
            defaultValue={typed.videoUrl ?? (entry?.video?.kind === "link" ? entry.video.url : "")}
            error={errors.videoUrl}
          />
          <button type="submit" className="button" disabled={busy || !open || !entry}>
            Save the link
          </button>
        </Form>
      </section>

      <section className="stack" aria-labelledby="captions-title">
        <h2 id="captions-title">3. Captions</h2>
        <p>
          Captions are required before a video can be shown: people who are deaf or hard of hearing,
          and everyone watching without sound, follow your story through them. Upload a WebVTT file
          (.vtt), which most captioning and editing tools export.
        </p>
        {entry?.hasCaptions ? <p className="notice notice--success">Captions uploaded.</p> : null}
        <Form method="post" encType="multipart/form-data" className="stack">
          <input type="hidden" name="intent" value="captions" />
          <Field
            name="captions"
            label="Captions file (WebVTT)"
            type="file"
            accept=".vtt,text/vtt"
            error={errors.captions}
          />
          <button type="submit" className="button" disabled={busy || !open || !entry}>
            Upload the captions
          </button>
        </Form>
      </section>

      {entry ? (
        <section className="stack" aria-labelledby="send-title">
          <h2 id="send-title">4. Send it in</h2>
          {entry.status === "draft" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="submit" />
              <button type="submit" className="button button--primary" disabled={busy || !open}>
                Send our entry to the judges
              </button>
            </Form>
          ) : (
            <p>Your entry is with the judges. You can still change it until entries close.</p>
          )}
          {entry.consent ? (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw-consent" />
              <button type="submit" className="link-button">
                Withdraw consent to show our video publicly
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
