import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormMessage, TextAreaField } from "~/components/field";
import { requireAdmin } from "~/lib/admin-auth.server";
import { announcementForm, audienceValue } from "~/lib/announcement-form";
import { env } from "~/lib/env.server";
import type { FieldErrors } from "~/lib/form";
import { CACHE } from "~/lib/http.server";
import { formatRange } from "~/lib/time";
import {
  announce,
  announceableWebinars,
  announcementErrors,
  describeAudience,
  previewAnnouncement,
} from "~/models/announcement.server";

export const meta: MetaFunction = () => [{ title: "New announcement · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  const webinars = await announceableWebinars(festival.id);
  return data(
    {
      webinars: webinars.map((w) => ({
        id: w.id,
        title: w.status === "cancelled" ? `${w.title} (cancelled)` : w.title,
        when: formatRange(w.startsAt, w.durationMinutes, festival.timeZone).text,
      })),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

/** The fields as posted (whole: a message may be longer than formValues keeps), to refill the form. */
function postedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of ["intent", "subject", "body", "audience", "announcementId"]) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 100_000);
  }
  return values;
}

const notFound = () => new Response("That webinar is not part of this festival.", { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  const { festival, viewer, actor } = await requireAdmin(request);
  const values = postedValues(await request.formData());
  const form = announcementForm.safeParse(values);
  const errors: FieldErrors = announcementErrors({
    subject: values.subject ?? "",
    body: values.body ?? "",
  });
  if (!form.success)
    for (const issue of form.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (!form.success || Object.keys(errors).length)
    return data({ step: "edit" as const, values, errors, preview: null }, 400);

  const { intent, subject, body, audience, announcementId } = form.data;
  const input = { subject, body, ...audience };
  const ctx = { festival, appUrl: env().APP_URL };

  if (intent === "send") {
    if (!announcementId)
      return data(
        {
          step: "edit" as const,
          values,
          errors: { form: "Preview the message before sending it." },
          preview: null,
        },
        400,
      );
    const result = await announce({ ...input, announcementId }, { ...ctx, actor });
    if (result.status === "not-found") throw notFound();
    if (result.status === "invalid")
      return data({ step: "edit" as const, values, errors: result.errors, preview: null }, 400);
    // A second press of Send lands on the same page, with nothing sent twice.
    return redirect(`/admin/announcements?sent=${result.announcementId}`, 303);
  }

  const result = await previewAnnouncement(input, {
    ...ctx,
    organiser: { id: viewer.id, name: viewer.name },
  });
  if (result.status === "not-found") throw notFound();
  if (result.status === "invalid")
    return data({ step: "edit" as const, values, errors: result.errors, preview: null }, 400);
  return data({
    step: "preview" as const,
    values,
    errors: {} as FieldErrors,
    preview: {
      subject: result.message.subject,
      html: result.message.html,
      text: result.message.text,
      to: viewer.email,
      recipients: result.audience.recipients,
      optedOut: result.audience.optedOut,
      audience: describeAudience(result.audience.kind, result.audience.webinar?.title ?? null),
      // Chosen now, sent with the confirmation: the same announcement can only go once.
      announcementId: randomUUID(),
    },
  });
}

export default function NewAnnouncement() {
  const { webinars } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const sending = useNavigation().formData?.get("intent") === "send";
  const v = result?.values ?? {};
  const e: FieldErrors = result?.errors ?? {};
  const preview = result?.preview ?? null;
  return (
    <section aria-labelledby="new-announcement" className="stack">
      <p>
        <Link to="/admin/announcements">Announcements</Link>
      </p>
      <h1 id="new-announcement">New announcement</h1>
      <FormMessage
        error={
          e.form ??
          (Object.keys(e).length ? "The message needs another look: see below." : undefined)
        }
      />
      <Form method="post" className="stack announcement-form" noValidate>
        <Field
          name="subject"
          label="Subject"
          defaultValue={v.subject}
          error={e.subject}
          maxLength={200}
          required
        />
        <TextAreaField
          name="body"
          label="Message"
          hint="Markdown: **bold**, *italic*, [a link](https://example.org), lists with “- ”. Each person’s email starts “Hello” and their first name, and ends with a way to stop announcements."
          rows={12}
          defaultValue={v.body}
          error={e.body}
          required
        />
        <div className="field">
          <label htmlFor="field-audience">Send to</label>
          <select
            id="field-audience"
            name="audience"
            defaultValue={v.audience ?? "festival"}
            aria-invalid={e.audience ? true : undefined}
            aria-describedby={e.audience ? "field-audience-error" : undefined}
          >
            <option value="festival">Everyone registered for the festival</option>
            {webinars.map((w) => (
              <optgroup key={w.id} label={`${w.title}, ${w.when}`}>
                <option value={audienceValue("confirmed", w.id)}>
                  {w.title}: confirmed seats only
                </option>
                <option value={audienceValue("registered", w.id)}>
                  {w.title}: confirmed and waitlisted
                </option>
              </optgroup>
            ))}
          </select>
          {e.audience ? (
            <p id="field-audience-error" className="field-error">
              {e.audience}
            </p>
          ) : null}
        </div>
        <p>
          <button type="submit" name="intent" value="preview">
            {preview ? "Preview again" : "Preview"}
          </button>
        </p>
      </Form>

      {preview ? (
        <section aria-labelledby="preview-heading" className="stack announcement-preview">
          <h2 id="preview-heading">Preview and send</h2>
          <p>
            This is the email as <strong>{preview.to}</strong> would get it, made out to you. Each
            recipient gets their own name and their own link to stop announcements.
          </p>
          <p>
            Subject: <strong>{preview.subject}</strong>
          </p>
          {/*
            The sanitised email in a sandbox: no scripts, forms, pop-ups or navigation of this
            page. Same origin (harmless without scripts) keeps it in this page's process, where
            axe and headless Chromium can look at it without the browser falling over.
          */}
          <iframe
            title={`Email preview: ${preview.subject}`}
            className="email-preview"
            sandbox="allow-same-origin"
            srcDoc={preview.html}
          />
          <details>
            <summary>Plain-text version</summary>
            <pre className="mail-text">{preview.text}</pre>
          </details>
          <p className="notice" role="status">
            It will go to <strong>{preview.recipients}</strong>{" "}
            {preview.recipients === 1 ? "person" : "people"}: {preview.audience}.{" "}
            {preview.optedOut
              ? `${preview.optedOut} more ${preview.optedOut === 1 ? "has" : "have"} turned announcements off and will not get it.`
              : "Nobody in this group has turned announcements off."}
          </p>
          {preview.recipients > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="send" />
              <input type="hidden" name="subject" value={v.subject ?? ""} />
              <input type="hidden" name="body" value={v.body ?? ""} />
              <input type="hidden" name="audience" value={v.audience ?? "festival"} />
              <input type="hidden" name="announcementId" value={preview.announcementId} />
              <button type="submit" disabled={sending}>
                {sending
                  ? "Sending…"
                  : `Send to ${preview.recipients} ${preview.recipients === 1 ? "person" : "people"}`}
              </button>
            </Form>
          ) : (
            <p>Nobody would receive it, so there is nothing to send.</p>
          )}
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
