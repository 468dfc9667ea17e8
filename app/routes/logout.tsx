import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { endSession, getViewer } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign out" }];

/** Signing out is a POST (a link could be followed by anyone); GET offers the button. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await getViewer(request))) throw redirect("/", 303);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { status: 303, headers: { "Set-Cookie": await endSession(request) } });
}

export default function LogoutPage() {
  return (
    <section className="narrow">
      <h1>Sign out</h1>
      <Form method="post">
        <button type="submit">Sign out on this device</button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
