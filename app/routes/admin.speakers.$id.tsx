import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SpeakerFields } from "~/components/schedule-editor/speaker-fields";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { handleSpeakerForm } from "~/lib/speaker-form.server";
import { getSpeakerForEdit } from "~/models/admin-speakers.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.speaker.name ?? "Guest speaker"} · Back office` },
];

const notFound = () => new Response("No such guest speaker in this festival.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  const speaker = await getSpeakerForEdit(festival.id, params.id ?? "");
  if (!speaker) throw notFound();
  return data(
    {
      speaker: {
        id: speaker.id,
        name: speaker.name,
        organisation: speaker.organisation,
        location: speaker.location,
        bio: speaker.bio,
        photoUrl: speaker.photoUrl,
      },
      saved: new URL(request.url).searchParams.has("saved"),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  // Checked before the body is read: no upload is stored for a speaker that is not there.
  const speaker = await getSpeakerForEdit(admin.festival.id, params.id ?? "");
  if (!speaker) throw notFound();
  const result = await handleSpeakerForm(request, speaker.id, admin);
  if (result.status === "not-found") throw notFound();
  if (result.status === "invalid") {
    return data(result, { status: 400, headers: { "Cache-Control": CACHE.none } });
  }
  throw redirect(`/admin/speakers/${result.id}?saved=1`, 303);
}

export default function SpeakerPage() {
  const { speaker, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <section aria-labelledby="speaker-title" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/speakers">Guest speakers</Link>
      </p>
      <h1 id="speaker-title">{speaker.name}</h1>
      {saved && !result ? (
        <p className="notice notice--success" role="status">
          Saved.
        </p>
      ) : null}
      {result ? (
        <p className="notice notice--error" role="alert">
          Nothing was saved: see the messages below.
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <SpeakerFields
          saved={speaker}
          typed={result?.values ?? null}
          errors={result?.errors ?? {}}
        />
        <button type="submit" disabled={busy}>
          Save
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
