import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PrivacyNotice } from "~/components/privacy-notice";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { publicPageCache } from "~/lib/http.server";
import { privacyFacts } from "~/models/privacy-notice.server";

export const meta: MetaFunction = () => [{ title: "Privacy notice" }];

export const headers = loaderCacheHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  return data(await privacyFacts(), { headers: { "Cache-Control": publicPageCache(request) } });
}

export default function PrivacyPage() {
  return <PrivacyNotice {...useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
