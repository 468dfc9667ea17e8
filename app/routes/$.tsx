import { GeneralErrorBoundary } from "~/components/error-boundary";

/** Any address no route claims: a proper 404 page inside the site's layout. */
export async function loader() {
  throw new Response(
    "We could not find that page. It may have moved, or the link may be mistyped.",
    {
      status: 404,
    },
  );
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
