import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Checkbox } from "~/components/field";
import { endSession, requireViewer } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { deleteAccount } from "~/models/account.server";

export const meta: MetaFunction = () => [{ title: "Delete my account" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return data({ email: viewer.email }, { headers: { "Cache-Control": CACHE.personal } });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  const form = await request.formData();
  if (form.get("confirm") !== "on") {
    return data(
      { error: "Tick the box to confirm that you want to delete your account." },
      { status: 400 },
    );
  }
  const cookie = await endSession(request);
  await deleteAccount(viewer.id, env().APP_URL);
  throw redirect("/?account=deleted", { status: 303, headers: { "Set-Cookie": cookie } });
}

export default function DeletePage() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="delete-title">
      <p className="breadcrumb">
        <Link to="/me">My festival</Link>
      </p>
      <h1 id="delete-title">Delete my account</h1>
      <p>
        This deletes the account for <strong>{email}</strong>: your profile, your places at webinars
        still to come (they go to the people waiting), your calendar feed, your preferences, your
        sign-ins and the emails we hold for you. A Network90 entry you sent is withdrawn from the
        gallery (its video, captions and contact details deleted; its network name stays in any
        results already counted). Your votes still count but no longer carry your address. Blog
        posts you wrote alone are deleted; posts written with others stay under their names, and
        judging scores you gave are deleted. Numbers the organisers keep, such as how many people
        came to a webinar, stay as anonymous counts. This cannot be undone.
      </p>
      <p>
        You may want to <a href="/me/export.json">download your data</a> first.
      </p>
      <Form method="post" className="stack">
        <Checkbox
          name="confirm"
          error={result?.error}
          label="I understand: delete my account and everything in it."
        />
        <button type="submit" className="danger">
          Delete my account
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
