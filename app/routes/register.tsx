import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox, Field, FormMessage } from "~/components/field";
import { ProfileFields } from "~/components/profile-fields";
import { requireViewer } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { consumeRequestLimit, tooManyRequests } from "~/lib/rate-limit.server";
import { useViewerZone } from "~/lib/root-data";
import { isSlug } from "~/lib/slug";
import { allZones } from "~/lib/time";
import { getAccount } from "~/models/account.server";
import { requireCurrentFestival } from "~/models/festival.server";
import {
  festivalRegistrationOf,
  HEARD_FROM,
  registerForFestival,
} from "~/models/festival-registration.server";
import { getPublicWebinar } from "~/models/webinar.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Register for ${data.festival.name}` : "Register" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const festival = await requireCurrentFestival();
  const slug = new URL(request.url).searchParams.get("webinar");
  const [account, registration, webinar] = await Promise.all([
    getAccount(viewer.id),
    festivalRegistrationOf(viewer.id, festival.id),
    isSlug(slug) ? getPublicWebinar(festival.id, slug) : null,
  ]);
  return data(
    {
      festival: { name: festival.name, open: festival.registrationOpen },
      account: {
        email: viewer.email,
        name: account?.name ?? "",
        organisation: account?.organisation ?? "",
        networkRole: account?.networkRole ?? "",
        country: account?.country ?? "",
        timeZone: account?.timeZone ?? null,
      },
      registered: Boolean(registration),
      network: registration?.network ?? "",
      webinar: webinar ? { slug: webinar.slug, title: webinar.title } : null,
      zones: allZones(),
      heardFrom: HEARD_FROM,
    },
    { headers: { "Cache-Control": CACHE.personal } },
  );
}

/** What was typed, so a refused form comes back as it was. */
function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === "string") values[name] ??= value;
  return values;
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  const form = await request.formData();
  const limit = await consumeRequestLimit("registration", request, viewer.id);
  if (!limit.ok) {
    return tooManyRequests(limit, { errors: {}, values: typedValues(form), error: limit.message });
  }
  const festival = await requireCurrentFestival();
  const result = await registerForFestival(viewer.id, form, {
    festival,
    appUrl: env().APP_URL,
  });
  switch (result.status) {
    case "invalid":
      return data({ errors: result.errors, values: result.values, error: null }, { status: 400 });
    case "closed":
      return data(
        { errors: {}, values: {}, error: "Registration for the festival is closed." },
        { status: 409 },
      );
    case "ignored":
      throw redirect("/", 303);
    case "registered": {
      const w = result.webinar;
      if (w && (w.status === "confirmed" || w.status === "waitlisted")) {
        const slug = new URL(request.url).searchParams.get("webinar") ?? "";
        throw redirect(`/webinars/${slug}?registration=${w.status}`, 303);
      }
      throw redirect(`/me?welcome=${result.already ? "back" : "new"}`, 303);
    }
  }
}

export default function RegisterPage() {
  const { festival, account, registered, network, webinar, zones, heardFrom } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { zone } = useViewerZone();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const value = (name: string, fallback: string) => values[name] ?? fallback;

  if (!festival.open && !registered) {
    return (
      <section className="narrow">
        <h1>Registration is closed</h1>
        <p>Registration for {festival.name} is closed. The recordings stay open to everyone.</p>
      </section>
    );
  }
  return (
    <section className="narrow" aria-labelledby="register-title">
      <h1 id="register-title">
        {registered ? "Your festival registration" : `Register for ${festival.name}`}
      </h1>
      {webinar ? (
        <p className="notice">
          {registered ? "You are registered for the festival. " : "One short form and you are in: "}
          we will then save your place at <strong>{webinar.title}</strong>.
        </p>
      ) : null}
      <p>
        Signed in as <strong>{account.email}</strong>. Fields marked optional can stay empty.
      </p>
      <FormMessage error={result?.error ?? undefined} />
      <ErrorSummary errors={result?.errors} />
      <Form method="post" className="stack" noValidate>
        {webinar ? <input type="hidden" name="webinar" value={webinar.slug} /> : null}
        <ProfileFields
          saved={account}
          typed={values}
          errors={errors}
          zones={zones}
          fallbackZone={zone}
          afterOrganisation={
            <Field
              name="network"
              label="Your network (optional)"
              hint="The network you lead or belong to."
              defaultValue={value("network", network)}
              error={errors.network}
              maxLength={200}
            />
          }
        />
        <div className="field">
          <label htmlFor="field-heardFrom">How did you hear about the festival? (optional)</label>
          <select
            id="field-heardFrom"
            name="heardFrom"
            defaultValue={value("heardFrom", "")}
            aria-invalid={errors.heardFrom ? true : undefined}
            aria-describedby={errors.heardFrom ? "field-heardFrom-error" : undefined}
          >
            <option value="">Choose one</option>
            {heardFrom.map((h) => (
              <option key={h}>{h}</option>
            ))}
          </select>
          {errors.heardFrom ? (
            <p id="field-heardFrom-error" className="field-error">
              {errors.heardFrom}
            </p>
          ) : null}
        </div>
        {/* Honeypot: hidden from people and screen readers; bots fill every field. */}
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="field-website">Website</label>
          <input id="field-website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <Checkbox
          name="privacy"
          required
          defaultChecked={values.privacy === "on"}
          error={errors.privacy}
          label={
            <>
              I agree to the <Link to="/privacy">privacy notice</Link>: the festival keeps my
              details to run my registrations and email me about them.
            </>
          }
        />
        <Checkbox
          name="marketing"
          defaultChecked={values.marketing === "on"}
          label="Also email me news about future festivals (optional; you can stop any time)."
        />
        <button type="submit" disabled={busy}>
          {registered ? "Save" : webinar ? "Register and save my place" : "Register"}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
