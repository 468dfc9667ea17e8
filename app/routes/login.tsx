import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/error-summary";
import { Field } from "~/components/field";
import { getViewer } from "~/lib/auth.server";
import { clientIp } from "~/lib/client-ip.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { useFocusOn } from "~/lib/use-focus-on";
import { finishSignIn } from "~/lib/sign-in-flow.server";
import { isSlug } from "~/lib/slug";
import { getCurrentFestival } from "~/models/festival.server";
import { requestSignIn, signInWithCode } from "~/models/sign-in.server";
import { getPublicWebinar } from "~/models/webinar.server";

export const meta: MetaFunction = () => [{ title: "Sign in" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "/me");
  if (await getViewer(request)) throw redirect(redirectTo, 303);
  const festival = await getCurrentFestival();
  const slug = url.searchParams.get("register");
  const webinar = festival && isSlug(slug) ? await getPublicWebinar(festival.id, slug) : null;
  return data(
    {
      redirectTo,
      register: webinar ? { slug: webinar.slug, title: webinar.title } : null,
      festivalName: festival?.name ?? "Meridian",
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  const festival = await getCurrentFestival();
  const email = String(form.get("email") ?? "").slice(0, 300);
  if (intent === "code") {
    const result = await signInWithCode(form.get("email"), form.get("code"));
    if (result.status === "signed-in") return finishSignIn(result, festival);
    return data({ step: "code" as const, email, error: result.error }, { status: 400 });
  }
  const result = await requestSignIn({
    email: form.get("email"),
    ip: clientIp(request),
    redirectTo: form.get("redirectTo"),
    registerFor: form.get("register"),
    appUrl: env().APP_URL,
    festivalName: festival?.name ?? "Meridian",
  });
  if (result.status === "sent") return data({ step: "code" as const, email, error: null });
  return data(
    { step: "email" as const, email, error: result.error },
    { status: result.status === "rate-limited" ? 429 : 400 },
  );
}

export default function LoginPage() {
  const { redirectTo, register, festivalName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // The form that was used is replaced by the next step: its heading takes focus.
  const checkEmail = useFocusOn<HTMLHeadingElement>(
    result?.step === "code" && !result.error ? result : null,
  );
  const errors = useMemo(
    () => (result?.error ? { [result.step === "code" ? "code" : "email"]: result.error } : null),
    [result],
  );

  if (result?.step === "code") {
    return (
      <section className="narrow" aria-labelledby="check-email">
        <h1 id="check-email" tabIndex={-1} ref={checkEmail}>
          Check your email
        </h1>
        <ErrorSummary errors={errors} />
        <p>
          If <strong>{result.email}</strong> is a valid address, a message with a sign-in link and a
          6-digit code is on its way. Open the link on any device, or type the code here. Both work
          once, for 10 minutes.
        </p>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="code" />
          <input type="hidden" name="email" value={result.email} />
          <Field
            name="code"
            label="6-digit code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            error={result.error ?? undefined}
            required
          />
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </Form>
        <p className="muted">
          Nothing arrived after a few minutes? Check your spam folder, or{" "}
          <a href={`/login?redirectTo=${encodeURIComponent(redirectTo)}`}>ask for a new code</a>.
        </p>
      </section>
    );
  }

  return (
    <section className="narrow" aria-labelledby="sign-in">
      <h1 id="sign-in">Sign in to {festivalName}</h1>
      {register ? (
        <p className="notice">
          Sign in to register for <strong>{register.title}</strong>. You will come straight back,
          registered.
        </p>
      ) : null}
      <p>
        No password needed: we email you a link and a code. New here? The same form creates your
        account.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="request" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {register ? <input type="hidden" name="register" value={register.slug} /> : null}
        <Field
          name="email"
          label="Email address"
          type="email"
          autoComplete="email"
          defaultValue={result?.email}
          error={result?.error ?? undefined}
          maxLength={254}
          required
        />
        <button type="submit" disabled={busy}>
          Email me a sign-in link
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
