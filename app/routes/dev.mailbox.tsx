import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listDevMail, readDevMail } from "~emails/dev-mailbox.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { useViewerZone } from "~/lib/root-data";
import { formatClock, formatShortDay, zoneLabel } from "~/lib/time";

export const meta: MetaFunction = () => [
  { title: "Dev mailbox" },
  { name: "robots", content: "noindex" },
];

/**
 * Development only: every message the site would have sent, as built. In
 * production this address does not exist.
 */
export async function loader(_: LoaderFunctionArgs) {
  const config = env();
  if (config.NODE_ENV === "production") throw new Response("Not found", { status: 404 });
  const messages = await listDevMail(50);
  return data(
    {
      smtpConfigured: Boolean(config.SMTP_URL),
      messages: await Promise.all(
        messages.map(async (m) => ({
          id: m.id,
          recipient: m.recipient,
          subject: m.subject,
          raw: m.raw,
          createdAt: m.createdAt.toISOString(),
          ...(await readDevMail(m.raw)),
        })),
      ),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

/** Plain text with its web links made clickable (the sign-in link, above all). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

export default function DevMailbox() {
  const { messages, smtpConfigured } = useLoaderData<typeof loader>();
  const { zone } = useViewerZone();
  return (
    <>
      <h1>Dev mailbox</h1>
      <p className="lead">
        {smtpConfigured
          ? "SMTP_URL is set, so messages go to the mail server; earlier ones caught here are below."
          : "No SMTP_URL is set, so every message the site sends is kept here instead, exactly as it would be sent."}
      </p>
      {messages.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <ul className="plain-list">
          {messages.map((m) => (
            <li key={m.id}>
              <details>
                <summary>
                  <strong>{m.subject}</strong> to {m.recipient}, {formatShortDay(m.createdAt, zone)}{" "}
                  {formatClock(m.createdAt, zone)} {zoneLabel(m.createdAt, zone)}
                </summary>
                <div className="mail-text">
                  <Linkified text={m.text} />
                </div>
                {m.attachments.map((a, i) => (
                  <details key={i}>
                    <summary>
                      Attachment: {a.filename} ({a.contentType})
                    </summary>
                    <pre className="raw-mail">{a.content}</pre>
                  </details>
                ))}
                <details>
                  <summary>Message source</summary>
                  <pre className="raw-mail">{m.raw}</pre>
                </details>
              </details>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
