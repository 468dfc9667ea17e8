import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DevCode } from "~/components/dev-code";
import { Field } from "~/components/field";
import { RecoveryCodes } from "~/components/recovery-codes";
import { adminRedirect } from "~/lib/admin-auth.server";
import { requireRole } from "~/lib/auth.server";
import { CACHE } from "~/lib/http.server";
import { recordAudit } from "~/models/audit.server";
import { getCurrentFestival } from "~/models/festival.server";
import { env } from "~/lib/env.server";
import { confirmEnrolment, currentCode, startEnrolment } from "~/models/second-factor.server";
import { db } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "Set up your authenticator" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "organiser");
  const redirectTo = adminRedirect(new URL(request.url).searchParams.get("redirectTo"));
  // Already enrolled: said on the page rather than redirected, because
  // without JavaScript this loader also renders the answer to the enrolment
  // POST, which must show the recovery codes.
  const festival = await getCurrentFestival();
  const enrolment = viewer.totpEnrolled
    ? null
    : await startEnrolment(viewer.id, festival?.name ?? "Meridian");
  if (!enrolment) {
    return data(
      { enrolled: true as const, redirectTo },
      { headers: { "Cache-Control": CACHE.none } },
    );
  }
  return data(
    {
      enrolled: false as const,
      redirectTo,
      secret: enrolment.secret,
      qrSvg: enrolment.qrSvg,
      email: viewer.email,
      // The demo runs without a phone at hand: development shows the code the app would.
      devCode: env().NODE_ENV === "development" ? currentCode(enrolment.secret) : null,
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

// The page's own POST answers with the recovery codes; reloading its data after
// it would only fetch "already set up", so it is skipped.
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formMethod,
  defaultShouldRevalidate,
}) => (formMethod === "POST" ? false : defaultShouldRevalidate);

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "organiser");
  const form = await request.formData();
  const redirectTo = adminRedirect(form.get("redirectTo"));
  const code = String(form.get("code") ?? "").slice(0, 20);
  const result = await confirmEnrolment(viewer.id, viewer.sessionId, code);
  if (result.status === "not-enrolling") throw redirect(redirectTo, 303);
  if (result.status === "wrong-code") {
    return data(
      {
        error: "That code does not match. Check the time on your phone and enter the newest code.",
        recoveryCodes: null,
        redirectTo,
      },
      { status: 400 },
    );
  }
  const festival = await getCurrentFestival();
  await recordAudit(await db(), viewer, {
    festivalId: festival?.id ?? null,
    action: "security.enrol",
    subjectType: "user",
    subjectId: viewer.id,
    summary: `${viewer.email} set up an authenticator app`,
  });
  return data({ error: null, recoveryCodes: result.recoveryCodes, redirectTo });
}

export default function EnrolPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();

  if (result?.recoveryCodes) {
    return (
      <section className="narrow" aria-labelledby="enrolled">
        <h1 id="enrolled">Your authenticator is set up</h1>
        <RecoveryCodes codes={result.recoveryCodes} />
        <p>
          <a className="button" href={result.redirectTo}>
            I have saved them: continue to the back office
          </a>
        </p>
      </section>
    );
  }

  if (loaded.enrolled) {
    return (
      <section className="narrow" aria-labelledby="enrolled">
        <h1 id="enrolled">Your authenticator is set up</h1>
        <p>
          <a className="button" href={loaded.redirectTo}>
            Continue to the back office
          </a>
        </p>
      </section>
    );
  }
  const { secret, qrSvg, email, redirectTo, devCode } = loaded;

  return (
    <section className="narrow" aria-labelledby="enrol">
      <h1 id="enrol">Protect the back office with a second step</h1>
      <p>
        The back office can change the schedule and write to every registrant, so organisers sign in
        with their email and a code from an authenticator app (Google Authenticator, Microsoft
        Authenticator, 1Password, Bitwarden, Aegis and others).
      </p>
      <ol className="steps">
        <li>Open your authenticator app and add an account by scanning this code.</li>
      </ol>
      {/* The SVG is made by the qrcode library from our own otpauth URI: no user text in it. */}
      <div
        className="qr"
        role="img"
        aria-label={`QR code to add ${email} to an authenticator app`}
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
      <p>
        Cannot scan? Type this key instead:{" "}
        <code className="secret" aria-label="Setup key">
          {secret.match(/.{1,4}/g)?.join(" ")}
        </code>
      </p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="code"
          label="The 6-digit code your app shows now"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          error={result?.error ?? undefined}
          required
        />
        <button type="submit">Turn on the second step</button>
      </Form>
      <DevCode code={devCode} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
