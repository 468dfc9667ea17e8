import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Checkbox } from "~/components/field";
import { ResourceFields } from "~/components/resources/resource-fields";
import { requireAdmin } from "~/lib/admin-auth.server";
import { DOCUMENT_LABELS, formatBytes, isDocumentType } from "~/lib/document-types";
import { festivalInputs } from "~/lib/festival-time";
import { CACHE } from "~/lib/http.server";
import { handleResourceForm } from "~/lib/resource-form.server";
import { formatWhen, zoneCity } from "~/lib/time";
import { getResourceForEdit } from "~/models/resources.server";
import resourceStyles from "~/styles/resources.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resourceStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.resource.title ?? "Resource"} · Back office` },
];

const notFound = () => new Response("No such resource in this festival.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  const row = await getResourceForEdit(festival.id, params.id ?? "");
  if (!row) throw notFound();
  const release = festivalInputs(row.releaseAt, festival.timeZone);
  const now = new Date();
  return data(
    {
      zoneName: zoneCity(festival.timeZone),
      resource: {
        id: row.id,
        title: row.title,
        slug: row.slug,
        released: row.releaseAt.getTime() <= now.getTime(),
        releaseAt: formatWhen(row.releaseAt, festival.timeZone),
        downloads: row.downloads,
      },
      saved: {
        title: row.title,
        slug: row.slug,
        description: row.description,
        licence: row.licence,
        releaseDate: release.date,
        releaseTime: release.time,
        tags: row.tags.join(", "),
        kind: row.fileKey ? ("file" as const) : ("link" as const),
        url: row.url ?? "",
      },
      currentFile:
        row.fileKey && isDocumentType(row.fileType)
          ? {
              name: row.fileName ?? `${row.slug}.${row.fileType}`,
              label: DOCUMENT_LABELS[row.fileType],
              size: formatBytes(row.fileBytes ?? 0),
            }
          : null,
      justSaved: new URL(request.url).searchParams.has("saved"),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  // Checked before the body is read: no upload is stored for a resource that is not there.
  const current = await getResourceForEdit(admin.festival.id, params.id ?? "");
  if (!current) throw notFound();
  const result = await handleResourceForm(request, current, admin);
  if (result.status === "not-found") throw notFound();
  if (result.status === "limited") {
    const { errors, values } = result;
    return data(
      { status: "invalid" as const, errors, values },
      { status: 429, headers: { ...result.headers, "Cache-Control": CACHE.none } },
    );
  }
  if (result.status === "invalid") {
    return data(result, { status: 400, headers: { "Cache-Control": CACHE.none } });
  }
  if (result.status === "deleted") {
    throw redirect(`/admin/resources?deleted=${encodeURIComponent(result.title)}`, 303);
  }
  throw redirect(`/admin/resources/${result.id}?saved=1`, 303);
}

export default function EditResourcePage() {
  const { resource, saved, currentFile, zoneName, justSaved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.errors ?? {};
  const deleting = Boolean(errors.confirm);
  return (
    <section aria-labelledby="resource-title" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/resources">Resources</Link>
      </p>
      <h1 id="resource-title">{resource.title}</h1>
      <p>
        {resource.released ? (
          <>
            Released {resource.releaseAt}:{" "}
            <Link to={`/resources/${resource.slug}`}>see it on the site</Link>.{" "}
            {resource.downloads.toLocaleString("en-GB")} downloads so far.
          </>
        ) : (
          <>Not public yet: it releases at {resource.releaseAt}.</>
        )}
      </p>
      {justSaved && !result ? (
        <p className="notice notice--success" role="status">
          Saved.
        </p>
      ) : null}
      {result && !deleting ? (
        <p className="notice notice--error" role="alert">
          Nothing was saved: see the messages below.
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <ResourceFields
          saved={saved}
          typed={deleting ? null : (result?.values ?? null)}
          errors={deleting ? {} : errors}
          zoneName={zoneName}
          currentFile={currentFile}
        />
        <button type="submit" disabled={busy}>
          Save
        </button>
      </Form>
      <section aria-labelledby="delete-title" className="editor-panel stack">
        <h2 id="delete-title">Delete this resource</h2>
        <p>
          The page, its download count and the stored file are removed for good. Links to it will
          answer “not found”.
        </p>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="delete" />
          <Checkbox
            name="confirm"
            label={`Yes, delete “${resource.title}” and its file`}
            error={errors.confirm}
          />
          <button type="submit" className="button--danger" disabled={busy}>
            Delete the resource
          </button>
        </Form>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
