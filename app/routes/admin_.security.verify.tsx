import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DevCode } from "~/components/dev-code";
import { Field } from "~/components/field";
import { adminRedirect } from "~/lib/admin-auth.server";
import { endSession, requireRole } from "~/lib/auth.server";
import { CACHE } from "~/lib/http.server";
import { env } from "~/lib/env.server";
import { developmentCodeFor, verifySecondFactor } from "~/models/second-factor.server";

export const meta: MetaFunction = () => [{ title: "Confirm it is you" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "organiser");
  const redirectTo = adminRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const params = new URLSearchParams({ redirectTo });
  if (!viewer.totpEnrolled) throw redirect(`/admin/security/enrol?${params.toString()}`, 303);
  if (viewer.secondFactor) throw redirect(redirectTo, 303);
  const devCode = env().NODE_ENV === "development" ? await developmentCodeFor(viewer.id) : null;
  return data({ redirectTo, devCode }, { headers: { "Cache-Control": CACHE.none } });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "organiser");
  const form = await request.formData();
  const redirectTo = adminRedirect(form.get("redirectTo"));
  const code = String(form.get("code") ?? "").slice(0, 40);
  if (!code.trim()) {
    return data({ error: "Enter the 6-digit code from your app, or a recovery code." }, 400);
  }
  const result = await verifySecondFactor(viewer.id, viewer.sessionId, code);
  switch (result.status) {
    case "verified":
      return redirect(
        result.usedRecoveryCode
          ? `/admin/security?recoveryLeft=${result.recoveryCodesLeft}`
          : redirectTo,
        303,
      );
    case "wrong-code":
      return data(
        {
          error: `That code is not right. ${result.triesLeft} ${result.triesLeft === 1 ? "try" : "tries"} left before you are signed out.`,
        },
        400,
      );
    case "not-enrolled":
      throw redirect(
        `/admin/security/enrol?${new URLSearchParams({ redirectTo }).toString()}`,
        303,
      );
    case "signed-out":
      return redirect("/login?redirectTo=/admin", {
        status: 303,
        headers: { "Set-Cookie": await endSession(request) },
      });
  }
}

export default function VerifyPage() {
  const { redirectTo, devCode } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="verify">
      <h1 id="verify">Confirm it is you</h1>
      <p>Enter the code your authenticator app shows for this festival.</p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="code"
          label="6-digit code"
          hint="Lost your phone? A recovery code works here too, once."
          autoComplete="one-time-code"
          maxLength={40}
          error={result?.error ?? undefined}
          required
        />
        <button type="submit">Continue</button>
      </Form>
      <DevCode code={devCode} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
