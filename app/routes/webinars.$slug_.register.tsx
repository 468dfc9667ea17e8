import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { getViewer, loginUrl } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { consumeRequestLimit, tooManyRequests } from "~/lib/rate-limit.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { requireCurrentFestival } from "~/models/festival.server";
import { cancelWebinarRegistration, registerForWebinar } from "~/models/registration.server";

/** Registration changes only by POST; a GET here just goes to the webinar. */
export async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/webinars/${params.slug ?? ""}`, 303);
}

/**
 * The Register and Cancel buttons on the schedule and the webinar page.
 * Someone not signed in is sent to sign in, and comes back registered.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const form = await request.formData();
  const back = safeRedirect(form.get("redirectTo"), `/webinars/${slug}`);
  const viewer = await getViewer(request);
  if (!viewer) {
    const login = new Request(new URL(back, request.url));
    throw redirect(loginUrl(login, { register: slug }), 303);
  }
  const limit = await consumeRequestLimit("registration", request, viewer.id);
  if (!limit.ok) return tooManyRequests(limit, { error: limit.message });
  const festival = await requireCurrentFestival();
  const ctx = { festival, appUrl: env().APP_URL };
  const intent = form.get("intent") === "cancel" ? "cancel" : "register";
  const result =
    intent === "cancel"
      ? await cancelWebinarRegistration(viewer.id, slug, ctx)
      : await registerForWebinar(viewer.id, slug, ctx);

  switch (result.status) {
    case "not-found":
      throw new Response("There is no webinar at this address.", { status: 404 });
    case "needs-festival-registration":
      throw redirect(`/register?webinar=${slug}`, 303);
    case "unavailable":
      return data({ error: result.message }, { status: 409 });
    case "not-registered":
      return data({ error: "You are not registered for this webinar." }, { status: 409 });
    default: {
      const outcome = result.status === "cancelled" ? `cancelled-${result.was}` : result.status;
      const target = new URL(back, request.url);
      target.searchParams.set("registration", outcome);
      throw redirect(`${target.pathname}${target.search}#w-${slug}`, 303);
    }
  }
}

export default function RegistrationProblem() {
  const result = useActionData<typeof action>();
  const { slug } = useParams();
  return (
    <section className="narrow" aria-labelledby="problem">
      <h1 id="problem">We could not change your registration</h1>
      <FormMessage error={result?.error ?? "Something about this request was not right."} />
      <p>
        <Link to={`/webinars/${slug ?? ""}`}>Back to the webinar</Link> ·{" "}
        <Link to="/schedule">Schedule</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
