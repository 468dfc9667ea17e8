import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  return data({ name: festival.name }, { headers: { "Cache-Control": CACHE.none } });
}

export default function Dashboard() {
  const { name } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="dashboard">
      <h1 id="dashboard">{name}: dashboard</h1>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
