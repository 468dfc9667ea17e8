import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AccessibilityStatement } from "~/components/accessibility-statement";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  ACCESSIBILITY_STATEMENT,
  type AccessibilityStatementData,
} from "~/lib/accessibility-statement";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { getCurrentFestival } from "~/models/festival.server";

export const meta: MetaFunction = () => [{ title: "Accessibility statement" }];

export const headers = loaderCacheHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const festival = await getCurrentFestival();
  const statement: AccessibilityStatementData = {
    festivalName: festival?.name ?? "This festival",
    contactEmail: festival?.contactEmail ?? null,
    preparedOn: ACCESSIBILITY_STATEMENT.preparedOn,
  };
  return data(statement, { headers: { "Cache-Control": publicPageCache(request) } });
}

export default function AccessibilityPage() {
  return <AccessibilityStatement {...useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
