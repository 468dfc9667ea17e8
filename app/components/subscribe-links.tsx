import { subscribeLinks } from "~/lib/subscribe-links";

/** Ways to follow a calendar feed: the native webcal handler, Google, Outlook, or a file. */
export function SubscribeLinks({ feed, name }: { feed: string; name: string }) {
  const links = subscribeLinks(feed, name);
  return (
    <p className="subscribe">
      Keep the week in your calendar, updated as it changes: <a href={links.webcal}>subscribe</a>{" "}
      (Apple Calendar, Thunderbird), <a href={links.google}>add to Google Calendar</a>,{" "}
      <a href={links.outlook}>add to Outlook</a>, or <a href={feed}>download the .ics file</a>.
    </p>
  );
}
