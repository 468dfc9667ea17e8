import { afterEach, describe, expect, it } from "vitest";
import { deliverDueEmails } from "~emails/deliver.server";
import { enqueueEmails } from "~emails/outbox.server";
import { devMailboxTransport } from "~emails/transport.server";
import { startMailWorker } from "~emails/worker.server";
import { resetEnvForTests } from "~/lib/env.server";
import { loader as mailboxLoader } from "~/routes/dev.mailbox";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const originalNodeEnv = process.env.NODE_ENV;

afterEach(() => {
  process.env.NODE_ENV = originalNodeEnv;
  resetEnvForTests();
});

const message = (n: number) => ({
  kind: "test",
  to: `reader${n}@example.test`,
  dedupeKey: `dev:${n}`,
  message: { subject: `Dev message ${n}`, text: "Plain", html: "<p>Rich</p>" },
});

describe("the dev mailbox", () => {
  it("shows what the site sent, newest first, in development", async () => {
    process.env.NODE_ENV = "development";
    resetEnvForTests();
    await enqueueEmails(testDb.handle.db, [message(1)]);
    await deliverDueEmails(
      testDb.handle.db,
      devMailboxTransport(testDb.handle.db, "Festival <f@example.test>"),
    );
    await enqueueEmails(testDb.handle.db, [message(2)]);
    await deliverDueEmails(
      testDb.handle.db,
      devMailboxTransport(testDb.handle.db, "Festival <f@example.test>"),
    );
    const result = await callRoute<{ messages: { subject: string; raw: string }[] }>(
      mailboxLoader,
      "/dev/mailbox",
    );
    expect(result.status).toBe(200);
    expect(result.data!.messages.map((m) => m.subject).slice(0, 2)).toEqual([
      "Dev message 2",
      "Dev message 1",
    ]);
    expect(result.data!.messages[0]!.raw).toContain("To: reader2@example.test");
  });

  it("decodes each message so a long link can be followed, and lists its calendar invitation", async () => {
    process.env.NODE_ENV = "development";
    resetEnvForTests();
    const link = `https://fest.example.org/login/verify?token=${"a".repeat(60)}`;
    await enqueueEmails(testDb.handle.db, [
      {
        kind: "test",
        to: "links@example.test",
        dedupeKey: "dev:links",
        message: {
          subject: "Sign in",
          text: `Open this link:\n\n${link}\n`,
          html: `<p><a href="${link}">Sign in</a></p>`,
          calendar: { method: "REQUEST", content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" },
        },
      },
    ]);
    await deliverDueEmails(
      testDb.handle.db,
      devMailboxTransport(testDb.handle.db, "Festival <f@example.test>"),
    );
    const result = await callRoute<{
      messages: { subject: string; text: string; attachments: { contentType: string }[] }[];
    }>(mailboxLoader, "/dev/mailbox");
    const caught = result.data!.messages.find((m) => m.subject === "Sign in")!;
    // Quoted-printable would break the link over lines in the raw source; decoded, it is whole.
    expect(caught.text).toContain(link);
    expect(caught.attachments.map((a) => a.contentType)).toContain("text/calendar");
  });

  it("does not exist in production", async () => {
    process.env.NODE_ENV = "production";
    process.env.SESSION_SECRET ??= "a-test-secret-a-test-secret-a-test-secret";
    resetEnvForTests();
    const result = await callRoute(mailboxLoader, "/dev/mailbox");
    expect(result.status).toBe(404);
  });
});

describe("the mail worker", () => {
  it("delivers queued messages by itself and stops cleanly", async () => {
    const worker = startMailWorker({
      db: testDb.handle.db,
      transport: devMailboxTransport(testDb.handle.db, "Festival <f@example.test>"),
      idleMs: 50,
      log: () => {},
    });
    await enqueueEmails(testDb.handle.db, [message(3)]);
    const deadline = Date.now() + 10_000;
    let delivered = false;
    while (!delivered && Date.now() < deadline) {
      const { data } = await callRoute<{ messages: { subject: string }[] }>(
        mailboxLoader,
        "/dev/mailbox",
      );
      delivered = data?.messages.some((m) => m.subject === "Dev message 3") ?? false;
      if (!delivered) await new Promise((r) => setTimeout(r, 50));
    }
    await worker.stop();
    expect(delivered).toBe(true);
  });
});
