import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/error-summary";
import { DetailsFields } from "~/components/schedule-editor/details-fields";
import { TimeFields } from "~/components/schedule-editor/time-fields";
import { requireAdmin } from "~/lib/admin-auth.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { zoneCity } from "~/lib/time";
import { createDraftWebinar } from "~/models/admin-webinars.server";
import { peopleOptions } from "~/models/webinar-people.server";
import { parseDetails, parseTime, stringValues, typedSlots } from "~/models/webinar-input.server";

export const meta: MetaFunction = () => [{ title: "New webinar · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  return data(
    {
      ...(await peopleOptions(festival.id)),
      zoneName: zoneCity(festival.timeZone),
      defaults: { startDate: festival.startsOn, startTime: "12:30", duration: "30" },
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { festival, actor } = await requireAdmin(request);
  const form = await request.formData().catch(() => new FormData());
  const headers = { "Cache-Control": CACHE.none };
  const slots = typedSlots(form);
  if (form.get("intent") === "preview-abstract") {
    const abstract = String(form.get("abstract") ?? "").slice(0, 20_000);
    const values = stringValues(form);
    return data({ errors: {}, values, slots, preview: renderMarkdown(abstract) }, { headers });
  }
  const details = parseDetails(form);
  const time = parseTime(form, festival.timeZone);
  if (!details.ok || !time.ok) {
    const errors = { ...(details.ok ? {} : details.errors), ...(time.ok ? {} : time.errors) };
    const values = !details.ok ? details.values : !time.ok ? time.values : {};
    return data({ errors, values, slots, preview: null }, { status: 400, headers });
  }
  const result = await createDraftWebinar(details.data, time.data, {
    festival,
    actor,
    appUrl: env().APP_URL,
  });
  if (result.status === "invalid") {
    return data(
      {
        errors: result.errors,
        values: stringValues(form),
        slots,
        preview: null,
      },
      { status: 400, headers },
    );
  }
  if (result.status !== "saved") throw new Response("Not found", { status: 404 });
  throw redirect(`/admin/webinars/${result.id}?created=1`, 303);
}

export default function NewWebinarPage() {
  const { faculty, speakers, zoneName, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.errors ?? {};
  const typed: Record<string, string> | null = result?.values ?? null;
  return (
    <section aria-labelledby="new-webinar">
      <p className="breadcrumb">
        <Link to="/admin/webinars">Schedule</Link>
      </p>
      <h1 id="new-webinar">New webinar</h1>
      <p>It starts as a draft: nobody else sees it until you publish it.</p>
      <ErrorSummary errors={result?.errors} title="Some answers need a look" />
      <Form method="post" className="stack" noValidate>
        <DetailsFields
          saved={{ title: "", slug: "", topic: "", abstract: "", capacity: "", joinUrl: "" }}
          typed={typed}
          slots={result?.slots ?? { host: [], speaker: [] }}
          errors={errors}
          faculty={faculty}
          speakers={speakers}
          isNew
          published={false}
          abstractPreview={result?.preview}
        />
        <fieldset className="stack">
          <legend>When</legend>
          <TimeFields
            values={{
              startDate: typed?.startDate ?? defaults.startDate,
              startTime: typed?.startTime ?? defaults.startTime,
              duration: typed?.duration ?? defaults.duration,
            }}
            errors={errors}
            zoneName={zoneName}
          />
        </fieldset>
        <button type="submit" name="intent" value="create" disabled={busy}>
          Create the draft
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
