import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Avatar } from "~/components/avatar";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SpeakerFields } from "~/components/schedule-editor/speaker-fields";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { handleSpeakerForm } from "~/lib/speaker-form.server";
import { listSpeakersForAdmin } from "~/models/admin-speakers.server";

export const meta: MetaFunction = () => [{ title: "Guest speakers · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  return data(
    { speakers: await listSpeakersForAdmin(festival.id) },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const result = await handleSpeakerForm(request, null, admin);
  if (result.status === "invalid") {
    return data(result, { status: 400, headers: { "Cache-Control": CACHE.none } });
  }
  if (result.status === "not-found") throw new Response("Not found", { status: 404 });
  throw redirect(`/admin/speakers/${result.id}?saved=1`, 303);
}

export default function SpeakersPage() {
  const { speakers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <section aria-labelledby="speakers-title" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/webinars">Schedule</Link>
      </p>
      <h1 id="speakers-title">Guest speakers</h1>
      <p>People who appear in a webinar without being on the faculty.</p>
      {speakers.length === 0 ? (
        <p>No guest speakers yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Guest speakers, by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Organisation</th>
                <th scope="col">Location</th>
                <th scope="col">Webinars</th>
              </tr>
            </thead>
            <tbody>
              {speakers.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Avatar name={s.name} photoUrl={s.photoUrl} size={32} />{" "}
                    <Link to={`/admin/speakers/${s.id}`}>{s.name}</Link>
                  </th>
                  <td>{s.organisation}</td>
                  <td>{s.location}</td>
                  <td>{s.webinars}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="add-speaker" className="stack editor-panel">
        <h2 id="add-speaker">Add a guest speaker</h2>
        {result ? (
          <p className="notice notice--error" role="alert">
            Nothing was saved: see the messages below.
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <SpeakerFields
            saved={{ name: "", organisation: "", location: "", bio: "", photoUrl: null }}
            typed={result?.values ?? null}
            errors={result?.errors ?? {}}
          />
          <button type="submit" disabled={busy}>
            Add the speaker
          </button>
        </Form>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
