import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useRootData } from "~/lib/root-data";

export const meta: MetaFunction = () => [{ title: "Privacy notice" }];

export default function PrivacyPage() {
  const { festival } = useRootData();
  const name = festival?.name ?? "The festival";
  return (
    <article className="narrow prose" aria-labelledby="privacy-title">
      <h1 id="privacy-title">Privacy notice</h1>
      <p>
        {name} keeps the details you give when you register (email, name, organisation, network,
        role, country and time zone) to run your registrations: to hold your places, send your
        confirmations, calendar invitations, updates and reminders, and give you the joining link.
      </p>
      <p>
        We record which webinars you register for and whether you joined, so organisers can see how
        many people came. We never share your details with speakers or other attendees, and we only
        email you festival news if you ask for it.
      </p>
      <p>
        You can see and change your details,{" "}
        <a href="/me/export.json">download everything we hold</a>, or{" "}
        <Link to="/me/delete">delete your account</Link> at any time from{" "}
        <Link to="/me">My festival</Link>. When you delete your account, your places at webinars
        still to come are released and the counts organisers see stay, without your name.
      </p>
      {festival ? (
        <p>
          Questions: <a href={`mailto:${festival.contactEmail}`}>{festival.contactEmail}</a>.
        </p>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
