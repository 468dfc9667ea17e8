import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { CACHE } from "~/lib/http.server";
import { finishSignIn } from "~/lib/sign-in-flow.server";
import { getCurrentFestival } from "~/models/festival.server";
import { signInWithToken } from "~/models/sign-in.server";

export const meta: MetaFunction = () => [{ title: "Continue signing in" }];

/**
 * Opening the link only shows a button: mail scanners follow links, and a
 * GET that used the token would sign them in and burn it for the person.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return data(
    { token: token.slice(0, 200) },
    { headers: { "Cache-Control": CACHE.none, "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await signInWithToken(form.get("token"));
  if (result.status === "signed-in") return finishSignIn(result, await getCurrentFestival());
  return data({ error: result.error }, { status: 400 });
}

export default function VerifyPage() {
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="continue">
      <h1 id="continue">Continue signing in</h1>
      {result?.error ? (
        <>
          <FormMessage error={result.error} />
          <p>
            <a href="/login">Ask for a new sign-in link</a>
          </p>
        </>
      ) : token ? (
        <Form method="post" className="stack">
          <input type="hidden" name="token" value={token} />
          <p>Press the button to finish signing in on this device.</p>
          <button type="submit">Continue</button>
        </Form>
      ) : (
        <FormMessage error="This sign-in link is incomplete. Copy the whole link from the email, or use the code." />
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
