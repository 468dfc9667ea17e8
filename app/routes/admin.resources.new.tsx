import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ResourceFields } from "~/components/resources/resource-fields";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { handleResourceForm } from "~/lib/resource-form.server";
import { zoneCity } from "~/lib/time";
import resourceStyles from "~/styles/resources.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resourceStyles }];

export const meta: MetaFunction = () => [{ title: "New resource · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  return data(
    {
      zoneName: zoneCity(festival.timeZone),
      defaults: {
        title: "",
        slug: "",
        description: "",
        licence: "CC-BY-4.0",
        releaseDate: festival.startsOn,
        releaseTime: "09:00",
        tags: "",
        kind: "file" as const,
        url: "",
      },
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const result = await handleResourceForm(request, null, admin);
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
  if (result.status !== "saved") throw new Response("Not found", { status: 404 });
  throw redirect(`/admin/resources/${result.id}?saved=1`, 303);
}

export default function NewResourcePage() {
  const { zoneName, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <section aria-labelledby="new-resource" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/resources">Resources</Link>
      </p>
      <h1 id="new-resource">New resource</h1>
      {result ? (
        <p className="notice notice--error" role="alert">
          Nothing was saved: see the messages below.
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <ResourceFields
          saved={defaults}
          typed={result?.values ?? null}
          errors={result?.errors ?? {}}
          zoneName={zoneName}
          currentFile={null}
        />
        <button type="submit" disabled={busy}>
          Add the resource
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
