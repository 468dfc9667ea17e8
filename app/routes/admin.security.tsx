import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RecoveryCodes } from "~/components/recovery-codes";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { recordAudit } from "~/models/audit.server";
import { recoveryCodesLeft, replaceRecoveryCodes } from "~/models/second-factor.server";
import { db } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "Security · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer } = await requireAdmin(request);
  const usedOne = new URL(request.url).searchParams.has("recoveryLeft");
  return data(
    { left: await recoveryCodesLeft(viewer.id), usedOne },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor, festival } = await requireAdmin(request);
  const form = await request.formData();
  if (form.get("intent") !== "replace-codes") return data({ codes: null }, 400);
  const codes = await replaceRecoveryCodes(viewer.id);
  await recordAudit(await db(), actor, {
    festivalId: festival.id,
    action: "security.recovery-codes",
    subjectType: "user",
    subjectId: viewer.id,
    summary: `${viewer.email} replaced their recovery codes`,
  });
  return data({ codes });
}

export default function SecurityPage() {
  const { left, usedOne } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="security">
      <h1 id="security">Your sign-in security</h1>
      {usedOne ? (
        <p className="notice" role="status">
          You signed in with a recovery code; it cannot be used again. {left} left.
        </p>
      ) : null}
      <p>Your authenticator app is on. You have {left} unused recovery codes.</p>
      {result?.codes ? (
        <RecoveryCodes codes={result.codes} />
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="replace-codes" />
          <button type="submit" className="secondary">
            Make new recovery codes (the old ones stop working)
          </button>
        </Form>
      )}
      <p className="muted">
        Lost your phone and your codes? Another organiser can reset your authenticator from the
        People page.
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
