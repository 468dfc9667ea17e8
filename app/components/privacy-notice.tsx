import type { PrivacyFacts } from "~/models/privacy-notice.server";

/**
 * The privacy notice's text. Its facts (the retention date, the processors)
 * come from the running installation, so the notice cannot drift from
 * what the software does. Plain links: it renders outside a router in tests.
 */
export function PrivacyNotice({ festival, processors }: PrivacyFacts) {
  const name = festival?.name ?? "The festival";
  return (
    <article className="narrow prose" aria-labelledby="privacy-title">
      <h1 id="privacy-title">Privacy notice</h1>

      <h2 id="privacy-what">What we keep and why</h2>
      <ul>
        <li>
          <strong>Your account and registration</strong>: email, name, organisation, network, role,
          country, time zone and how you heard of {name}. We use them to run your registrations: to
          hold your places, send confirmations, calendar invitations, updates and reminders, and
          give you the joining link.
        </li>
        <li>
          <strong>Webinars</strong>: which ones you register for and whether you followed the
          joining link, so organisers can see how many people came.
        </li>
        <li>
          <strong>Votes</strong> in the Network90 competition: which entry you voted for, when, with
          your email (one vote per address) and your internet (IP) address, to keep the vote fair.
        </li>
        <li>
          <strong>Network90 entries</strong>: your network’s details, the contact name, the video
          and captions, and whether you agreed to the video being shown publicly; judges score
          entries and may comment.
        </li>
        <li>
          <strong>Internet (IP) addresses</strong> with sign-in requests and votes, to limit how
          many can come from one address (against abuse), and <strong>sessions</strong> (when you
          signed in; the cookie only holds a random key).
        </li>
        <li>
          <strong>Emails we send you</strong> (what kind, the subject, when), so we can retry a
          failed one and you can see them in your data.
        </li>
        <li>
          For faculty: your public profile and the blog posts you write; for judges: the scores you
          give.
        </li>
      </ul>
      <p>
        We never share your details with speakers or other attendees, and we only email you festival
        news if you ask for it.
      </p>

      <h2 id="privacy-how-long">How long we keep it</h2>
      {festival?.removedOn ? (
        <p>
          Registrants’ personal data for {festival.name} was removed on {festival.removedOn}. Only
          anonymous counts remain.
        </p>
      ) : festival ? (
        <p>
          We keep registrants’ personal data for{" "}
          {festival.retentionDays === 1 ? "1 day" : `${festival.retentionDays} days`} after the
          festival’s last day: on <strong>{festival.removesOn}</strong> (the festival’s time zone,{" "}
          {festival.timeZone}) names, emails, answers, sessions, sign-in requests, votes’ addresses
          and entries’ contact details are removed automatically. Anonymous counts (how many
          registered, came or voted) stay. Published entries stay in the gallery. Organisers’ and
          faculty accounts are kept, as are the accounts of people registered for a later festival.
        </p>
      ) : (
        <p>
          We keep registrants’ personal data for the period the organisers set after the festival’s
          last day, then remove it automatically; anonymous counts stay.
        </p>
      )}

      <h2 id="privacy-who">Who handles it for us</h2>
      <ul>
        <li>
          Email is delivered by{" "}
          {processors.mailHost
            ? `our email (SMTP) provider at ${processors.mailHost}`
            : "this server itself (a development mailbox: no email leaves it)"}
          .
        </li>
        <li>
          Uploaded files (videos, captions, images) are stored{" "}
          {processors.storage.kind === "s3"
            ? `with our storage provider at ${processors.storage.host}`
            : "on this server’s own disk"}
          .
        </li>
        <li>
          Everything else is kept in{" "}
          {processors.databaseHost
            ? `our database server at ${processors.databaseHost}`
            : "a database on this server"}
          .
        </li>
      </ul>

      <h2 id="privacy-rights">Your rights and how to use them</h2>
      <ul>
        <li>
          See everything we hold about you: <a href="/me/export.json">download your data</a> (a JSON
          file).
        </li>
        <li>
          Correct it and choose which emails you get: <a href="/me/profile">your profile</a>.
        </li>
        <li>
          Delete it: <a href="/me/delete">delete your account</a>. Your places at webinars still to
          come are released, your entry is withdrawn from the gallery, your votes still count
          without your address, and the counts organisers see stay, without your name.
        </li>
        <li>
          Withdraw consent to festival news at any time in your profile or with the unsubscribe link
          in any email.
        </li>
      </ul>
      <p>
        All of this is also on <a href="/me">My festival</a> once you sign in.
        {festival ? (
          <>
            {" "}
            For anything else, or to complain, write to{" "}
            <a href={`mailto:${festival.contactEmail}`}>{festival.contactEmail}</a>.
          </>
        ) : null}
      </p>
    </article>
  );
}
