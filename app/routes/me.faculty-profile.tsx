import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormMessage, TextAreaField } from "~/components/field";
import { requireRole } from "~/lib/auth.server";
import { parseForm } from "~/lib/form";
import { CACHE } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { mediaUrl, parseUploadForm, saveImage, uploadedFile } from "~/lib/uploads.server";
import {
  getOwnFacultyProfile,
  profileForm,
  saveOwnFacultyProfile,
} from "~/models/faculty-profile.server";
import { consumeRequestLimit, tooManyRequests } from "~/lib/rate-limit.server";
import { requireCurrentFestival } from "~/models/festival.server";

export const meta: MetaFunction = () => [{ title: "Your faculty profile" }];

const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "faculty");
  const festival = await requireCurrentFestival();
  const profile = await getOwnFacultyProfile(festival.id, viewer.id);
  return data(
    {
      festivalName: festival.name,
      welcome: new URL(request.url).searchParams.has("welcome"),
      profile,
      bioHtml: profile?.bio ? renderMarkdown(profile.bio) : null,
    },
    { headers: { "Cache-Control": CACHE.personal } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "faculty");
  const festival = await requireCurrentFestival();
  const { form, tooLarge } = await parseUploadForm(request, { maxBytes: PHOTO_MAX_BYTES });
  const parsed = parseForm(profileForm, form);
  const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
  const values = parsed.ok ? parsed.data : parsed.values;
  if (tooLarge.includes("photo")) errors.photo = "The photo is too large: at most 2 MB.";
  let photoUrl: string | undefined;
  const file = uploadedFile(form, "photo");
  if (file && !errors.photo && parsed.ok) {
    const limit = await consumeRequestLimit("upload", request, viewer.id);
    if (!limit.ok) {
      return tooManyRequests(limit, { errors: { photo: limit.message }, values, saved: false });
    }
    const saved = await saveImage(file, { maxBytes: PHOTO_MAX_BYTES });
    if (saved.ok) photoUrl = mediaUrl(saved.name);
    else errors.photo = saved.error;
  }
  if (!parsed.ok || Object.keys(errors).length > 0) {
    return data({ errors, values, saved: false }, 400);
  }
  const result = await saveOwnFacultyProfile(festival.id, viewer.id, parsed.data, photoUrl);
  if (result.status === "no-profile") {
    throw new Response("You have no faculty profile for this festival.", { status: 404 });
  }
  return data({ errors: {}, values: parsed.data, saved: true });
}

export default function FacultyProfilePage() {
  const { festivalName, welcome, profile, bioHtml } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (!profile) {
    return (
      <section className="narrow" aria-labelledby="faculty-profile">
        <h1 id="faculty-profile">Your faculty profile</h1>
        <p>
          You have no faculty profile for {festivalName}. Profiles are made when someone accepts an
          invitation to the faculty.
        </p>
      </section>
    );
  }
  const errors: Record<string, string> = result?.errors ?? {};
  const typed = (result?.values ?? {}) as Record<string, string>;
  const value = (name: keyof typeof profile) => typed[name] ?? profile[name] ?? "";
  return (
    <section className="narrow stack" aria-labelledby="faculty-profile">
      <p className="breadcrumb">
        <Link to="/me">My festival</Link>
      </p>
      <h1 id="faculty-profile">Your faculty profile</h1>
      {welcome && !result ? (
        <p className="notice notice--success" role="status">
          Welcome to the faculty of {festivalName}! Please complete your profile: it is shown on the
          festival site.
        </p>
      ) : null}
      {result?.saved ? (
        <FormMessage success="Profile saved." />
      ) : result ? (
        <FormMessage error="Some answers need a look: see the messages below." />
      ) : null}
      <p>
        Your public page: <Link to={`/faculty/${profile.slug}`}>/faculty/{profile.slug}</Link>
      </p>
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <Field
          name="name"
          label="Name"
          defaultValue={value("name")}
          error={errors.name}
          required
          maxLength={200}
          autoComplete="name"
        />
        <Field
          name="title"
          label="Title"
          hint="For example: Director of network development"
          defaultValue={value("title")}
          error={errors.title}
          maxLength={200}
        />
        <Field
          name="organisation"
          label="Organisation"
          defaultValue={value("organisation")}
          error={errors.organisation}
          maxLength={200}
          autoComplete="organization"
        />
        <Field
          name="location"
          label="Where you are"
          hint="City and country, for example: Leeds, UK"
          defaultValue={value("location")}
          error={errors.location}
          maxLength={200}
        />
        <TextAreaField
          name="bio"
          label="Biography"
          hint="A few paragraphs. Markdown works: **bold**, *italics*, [links](https://example.org)."
          rows={10}
          maxLength={10_000}
          defaultValue={value("bio")}
          error={errors.bio}
        />
        {profile.photoUrl ? (
          <p>
            Current photo:{" "}
            <img
              src={profile.photoUrl}
              alt={`${profile.name}, as shown on the festival site`}
              height={80}
            />
          </p>
        ) : null}
        <Field
          name="photo"
          type="file"
          label={profile.photoUrl ? "Replace your photo" : "Photo"}
          hint="PNG, JPEG or WebP, at most 2 MB; a square head-and-shoulders picture works best."
          accept="image/png,image/jpeg,image/webp"
          error={errors.photo}
        />
        <button type="submit" disabled={busy}>
          Save profile
        </button>
      </Form>
      {bioHtml ? (
        <section aria-labelledby="bio-preview">
          <h2 id="bio-preview">Your biography as it appears</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: bioHtml }} />
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
