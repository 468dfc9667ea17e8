import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getViewer } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { useViewerZone } from "~/lib/root-data";
import { safeRedirect } from "~/lib/safe-redirect";
import { allZones, isValidZone } from "~/lib/time";
import { zoneCookieHeader } from "~/lib/viewer-zone.server";
import { rememberZone } from "~/models/account.server";

export const meta: MetaFunction = () => [{ title: "Choose your time zone" }];

const ZoneForm = z.object({
  zone: z
    .string()
    .trim()
    .refine(isValidZone, "Choose a time zone from the list, such as Europe/London."),
  redirectTo: z.string().optional(),
});

/** The zone preference needs no account: anyone may ask for times in their zone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return {
    zones: allZones(),
    redirectTo: safeRedirect(url.searchParams.get("redirectTo"), "/schedule"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = ZoneForm.safeParse(form);
  const redirectTo = safeRedirect(form.redirectTo, "/schedule");
  if (!parsed.success) {
    return data(
      { error: parsed.error.issues[0]?.message ?? "Choose a time zone.", redirectTo },
      { status: 400 },
    );
  }
  // A signed-in person's profile zone wins over the cookie, so it changes with it.
  const viewer = await getViewer(request);
  if (viewer) await rememberZone(viewer.id, parsed.data.zone);
  return redirect(redirectTo, {
    status: 303,
    headers: {
      "Set-Cookie": zoneCookieHeader(parsed.data.zone, env().APP_URL.startsWith("https:")),
    },
  });
}

export default function ZonePage() {
  const { zones, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { zone, remembered } = useViewerZone();
  return (
    <section className="narrow">
      <h1>Choose your time zone</h1>
      <p>Every time on the site will be shown in this zone. It is remembered on this device.</p>
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={actionData?.redirectTo ?? redirectTo} />
        <label htmlFor="zone">Time zone</label>
        <select
          id="zone"
          name="zone"
          defaultValue={remembered ?? zone}
          aria-invalid={actionData?.error ? true : undefined}
          aria-describedby={actionData?.error ? "zone-error" : undefined}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, " ")}
            </option>
          ))}
        </select>
        {actionData?.error ? (
          <p id="zone-error" className="field-error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        <button type="submit">Use this zone</button>
      </Form>
    </section>
  );
}
