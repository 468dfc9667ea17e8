import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox, Field, FormMessage, TextAreaField } from "~/components/field";
import { ZoneSelect } from "~/components/zone-select";
import { requireAdmin } from "~/lib/admin-auth.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { consumeRequestLimit, tooManyRequests } from "~/lib/rate-limit.server";
import { formatRetentionDeadline } from "~/lib/retention-date";
import { allZones, formatWhen } from "~/lib/time";
import { mediaUrl, parseUploadForm, saveImage, uploadedFile } from "~/lib/uploads.server";
import { REMINDER_SLOTS, REMINDER_UNITS } from "~/lib/reminder-units";
import {
  saveFestivalSettings,
  splitOffset,
  type SettingsErrors,
  type SettingsForm,
} from "~/models/festival-settings.server";

export const meta: MetaFunction = () => [{ title: "Settings · Back office" }];

const LOGO_MAX_BYTES = 1024 * 1024;

function formFromFestival(f: Awaited<ReturnType<typeof requireAdmin>>["festival"]): SettingsForm {
  const reminders = f.reminderOffsetsMinutes.map((m) => {
    const { amount, unit } = splitOffset(m);
    return { amount: String(amount), unit };
  });
  while (reminders.length < REMINDER_SLOTS) reminders.push({ amount: "", unit: "minutes" });
  return {
    name: f.name,
    tagline: f.tagline,
    description: f.description,
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    timeZone: f.timeZone,
    contactEmail: f.contactEmail,
    registrationOpen: f.registrationOpen,
    brandColour: f.brandColour,
    retentionDays: String(f.retentionDays),
    reminders,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  return data(
    {
      values: formFromFestival(festival),
      logoUrl: festival.logoFile ? mediaUrl(festival.logoFile) : null,
      zones: allZones(),
      retention: {
        days: festival.retentionDays,
        removesOn: formatRetentionDeadline(festival),
        removedOn: festival.personalDataRemovedAt
          ? formatWhen(festival.personalDataRemovedAt, festival.timeZone)
          : null,
      },
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

export async function action({ request }: ActionFunctionArgs) {
  const { festival, actor, viewer } = await requireAdmin(request);
  const { form, tooLarge } = await parseUploadForm(request, { maxBytes: LOGO_MAX_BYTES });
  const values: SettingsForm = {
    name: text(form, "name"),
    tagline: text(form, "tagline"),
    description: text(form, "description"),
    startsOn: text(form, "startsOn"),
    endsOn: text(form, "endsOn"),
    timeZone: text(form, "timeZone"),
    contactEmail: text(form, "contactEmail"),
    registrationOpen: form.get("registrationOpen") === "on",
    brandColour: text(form, "brandColour"),
    retentionDays: text(form, "retentionDays"),
    reminders: Array.from({ length: REMINDER_SLOTS }, (_, i) => ({
      amount: text(form, `reminder${i + 1}Amount`),
      unit: text(form, `reminder${i + 1}Unit`),
    })),
  };
  const errors: SettingsErrors = {};
  if (tooLarge.includes("logo")) errors.logo = "The logo is too large: at most 1 MB.";
  const file = uploadedFile(form, "logo");
  if (file && !errors.logo) {
    const limit = await consumeRequestLimit("upload", request, viewer.id);
    if (!limit.ok) {
      const body = { values: { ...values, logo: undefined }, errors: { logo: limit.message } };
      return tooManyRequests(limit, { ...body, saved: null });
    }
    const saved = await saveImage(file, { maxBytes: LOGO_MAX_BYTES });
    if (saved.ok) values.logo = saved.name;
    else errors.logo = saved.error;
  }
  if (!values.logo && form.get("removeLogo") === "on") values.logo = "remove";
  const respond = (status: number, extra: { errors?: SettingsErrors; saved?: string }) =>
    data(
      {
        values: { ...values, logo: undefined },
        errors: extra.errors ?? {},
        saved: extra.saved ?? null,
      },
      status,
    );
  if (errors.logo) return respond(400, { errors });

  const result = await saveFestivalSettings(festival.id, values, actor, { appUrl: env().APP_URL });
  if (result.status === "invalid") return respond(400, { errors: result.errors });
  if (result.status === "unchanged") return respond(200, { saved: "Nothing to change." });
  const replanned =
    result.replannedReminders > 0
      ? ` ${result.replannedReminders} pending reminders re-planned.`
      : "";
  return respond(200, { saved: `Settings saved.${replanned}` });
}

export default function SettingsPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const v = result?.values ?? loaded.values;
  const e: SettingsErrors = result?.errors ?? {};
  return (
    <section aria-labelledby="settings">
      <h1 id="settings">Festival settings</h1>
      <FormMessage success={result?.saved ?? undefined} />
      <ErrorSummary errors={result?.errors} title="Some settings need another look" />
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <fieldset>
          <legend>The festival</legend>
          <Field
            name="name"
            label="Name"
            defaultValue={v.name}
            error={e.name}
            maxLength={120}
            required
          />
          <Field
            name="tagline"
            label="Tagline"
            defaultValue={v.tagline}
            error={e.tagline}
            maxLength={200}
          />
          <TextAreaField
            name="description"
            label="Description (Markdown, shown on the home page)"
            rows={5}
            defaultValue={v.description}
            error={e.description}
          />
          <Field
            name="contactEmail"
            type="email"
            label="Contact mailbox"
            hint="Shown on every page and email; calendar invitations come from it."
            defaultValue={v.contactEmail}
            error={e.contactEmail}
            required
          />
        </fieldset>

        <fieldset>
          <legend>Dates and time zone</legend>
          <Field
            name="startsOn"
            type="date"
            label="First day"
            defaultValue={v.startsOn}
            error={e.startsOn}
            required
          />
          <Field
            name="endsOn"
            type="date"
            label="Last day"
            defaultValue={v.endsOn}
            error={e.endsOn}
            required
          />
          <ZoneSelect
            zones={loaded.zones}
            defaultValue={v.timeZone}
            error={e.timeZone}
            label="Home time zone"
            hint="The zone organisers plan in: festival days and 'festival time' use it. Webinar times stay fixed instants."
          />
        </fieldset>

        <fieldset>
          <legend>Registration</legend>
          <Checkbox
            name="registrationOpen"
            label="Registration is open (people can register for the festival and its webinars)"
            defaultChecked={v.registrationOpen}
          />
        </fieldset>

        <fieldset>
          <legend>Reminders</legend>
          <p className="field-hint">
            How long before each webinar registrants are reminded. A reminder of a day or more that
            would arrive at night in someone’s zone goes at 21:00 the evening before. Leave a row
            empty for fewer reminders.
          </p>
          {v.reminders.map((r, i) => {
            const key = `reminder${i + 1}` as const;
            const error = e[key];
            return (
              <div className="field field--inline" key={key}>
                <label htmlFor={`field-${key}Amount`}>Reminder {i + 1}</label>
                <input
                  id={`field-${key}Amount`}
                  name={`${key}Amount`}
                  inputMode="numeric"
                  defaultValue={r.amount}
                  size={4}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `field-${key}-error` : undefined}
                />
                <label htmlFor={`field-${key}Unit`} className="visually-hidden">
                  Unit for reminder {i + 1}
                </label>
                <select id={`field-${key}Unit`} name={`${key}Unit`} defaultValue={r.unit}>
                  {Object.keys(REMINDER_UNITS).map((u) => (
                    <option key={u} value={u}>
                      {u} before
                    </option>
                  ))}
                </select>
                {error ? (
                  <p id={`field-${key}-error`} className="field-error">
                    {error}
                  </p>
                ) : null}
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>Personal data</legend>
          <Field
            name="retentionDays"
            label="Keep registrants' personal data for (days after the last day)"
            inputMode="numeric"
            size={5}
            hint={
              loaded.retention.removedOn
                ? `Registrants' personal data was removed on ${loaded.retention.removedOn}; the counts stay.`
                : `From 1 to 3650 days. Then names, emails, answers, sessions and votes' addresses are removed and the counts stay. With ${loaded.retention.days} days that happens on ${loaded.retention.removesOn}.`
            }
            defaultValue={v.retentionDays}
            error={e.retentionDays}
            required
          />
        </fieldset>

        <fieldset>
          <legend>Branding</legend>
          <Field
            name="brandColour"
            type="text"
            label="Colour"
            hint="# and six hex digits. Used for the header, buttons and emails, behind white text, so it must be dark enough."
            defaultValue={v.brandColour}
            error={e.brandColour}
            pattern="#[0-9a-fA-F]{6}"
            maxLength={7}
          />
          {loaded.logoUrl ? (
            <p>
              Current logo: <img src={loaded.logoUrl} alt="Current festival logo" height={40} />
            </p>
          ) : null}
          <Field
            name="logo"
            type="file"
            label="Logo"
            hint="PNG, JPEG or WebP, at most 1 MB; shown about 40 pixels high."
            accept="image/png,image/jpeg,image/webp"
            error={e.logo}
          />
          {loaded.logoUrl ? <Checkbox name="removeLogo" label="Remove the logo" /> : null}
        </fieldset>

        <button type="submit" disabled={busy}>
          Save settings
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
