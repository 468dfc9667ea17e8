import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox } from "~/components/field";
import { ProfileFields } from "~/components/profile-fields";
import { requireViewer } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { useViewerZone } from "~/lib/root-data";
import { allZones } from "~/lib/time";
import { getAccount, updateProfile } from "~/models/account.server";

export const meta: MetaFunction = () => [{ title: "Profile and email preferences" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const account = await getAccount(viewer.id);
  if (!account) throw redirect("/login", 303);
  return data(
    {
      account: {
        email: account.email,
        name: account.name,
        organisation: account.organisation,
        networkRole: account.networkRole,
        country: account.country,
        timeZone: account.timeZone,
        emailReminders: account.emailReminders,
        emailDigest: account.emailDigest,
        marketing: account.emailNews,
      },
      zones: allZones(),
    },
    { headers: { "Cache-Control": CACHE.personal } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  const result = await updateProfile(viewer.id, await request.formData(), env().APP_URL);
  if (result.status === "invalid") return data(result, { status: 400 });
  throw redirect("/me?saved=profile", 303);
}

export default function ProfilePage() {
  const { account, zones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { zone } = useViewerZone();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const checked = (name: string, fallback: boolean) => (result ? values[name] === "on" : fallback);
  return (
    <section className="narrow" aria-labelledby="profile-title">
      <p className="breadcrumb">
        <Link to="/me">My festival</Link>
      </p>
      <h1 id="profile-title">Profile and email preferences</h1>
      <p>
        Signed in as <strong>{account.email}</strong>.
      </p>
      <ErrorSummary errors={result?.errors} title="Some answers need a look" />
      <Form method="post" className="stack" noValidate>
        <ProfileFields
          saved={account}
          typed={values}
          errors={errors}
          zones={zones}
          fallbackZone={zone}
        />
        <fieldset className="stack">
          <legend>Email</legend>
          <p className="field-hint">
            Confirmations, calendar updates and cancellations of your webinars are always sent.
          </p>
          <Checkbox
            name="emailReminders"
            defaultChecked={checked("emailReminders", account.emailReminders)}
            label="Reminders before my webinars"
          />
          <Checkbox
            name="emailDigest"
            defaultChecked={checked("emailDigest", account.emailDigest)}
            label="Instead, one daily digest at 8:00 my time"
          />
          <Checkbox
            name="marketing"
            defaultChecked={checked("marketing", account.marketing)}
            label="News about future festivals"
          />
        </fieldset>
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
