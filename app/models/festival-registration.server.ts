import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "~db/client.server";
import { festivalRegistration, user } from "~db/schema";
import { enqueueEmails } from "~emails/outbox.server";
import { festivalRegistrationEmail } from "~emails/registration";
import { checkbox, parseForm, text, type FieldErrors } from "~/lib/form";
import { profileFields } from "./profile-fields";
import { emailFestival } from "./email-data.server";
import {
  registerInTransaction,
  type RegisterResult,
  type RegistrationContext,
} from "./registration.server";

export const HEARD_FROM = [
  "A colleague or friend",
  "My network",
  "Email newsletter",
  "Social media",
  "A previous festival",
  "Search engine",
  "Other",
] as const;

const festivalForm = z.object({
  ...profileFields,
  network: text("network's name", 200),
  heardFrom: z
    .string()
    .optional()
    .transform((v) => v ?? "")
    .refine((v) => v === "" || (HEARD_FROM as readonly string[]).includes(v), {
      message: "Choose one of the options.",
    }),
  privacy: checkbox.refine((v) => v, {
    message: "Please agree to the privacy notice: we need it to register you.",
  }),
  marketing: checkbox,
  /** Honeypot: hidden from people, filled in by bots. */
  website: z.string().optional(),
  webinar: z.string().max(200).optional(),
});

export type FestivalRegistrationResult =
  | { status: "registered"; already: boolean; webinar: RegisterResult | null }
  | { status: "invalid"; errors: FieldErrors; values: Record<string, string> }
  | { status: "closed" }
  | { status: "ignored" };

/**
 * Registers a signed-in person for the festival with the short form's
 * answers, records their consents with the time, queues the welcome email,
 * and, when they came from a webinar's Register button, registers them for
 * it in the same transaction.
 */
export async function registerForFestival(
  userId: string,
  form: FormData,
  ctx: RegistrationContext,
): Promise<FestivalRegistrationResult> {
  const now = ctx.now ?? new Date();
  const parsed = parseForm(festivalForm, form);
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors, values: parsed.values };
  const input = parsed.data;
  // A bot filled the hidden field: answer calmly, keep nothing.
  if (input.website) return { status: "ignored" };
  if (!ctx.festival.registrationOpen) return { status: "closed" };

  return (await db()).transaction(async (tx) => {
    const [person] = await tx
      .update(user)
      .set({
        name: input.name,
        organisation: input.organisation,
        networkRole: input.networkRole,
        country: input.country,
        ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        privacyConsentAt: now,
        marketingConsentAt: input.marketing ? now : null,
        emailNews: input.marketing,
        updatedAt: now,
      })
      .where(eq(user.id, userId))
      .returning({ email: user.email, name: user.name, timeZone: user.timeZone });
    if (!person) throw new Response("Your account no longer exists.", { status: 403 });

    const inserted = await tx
      .insert(festivalRegistration)
      .values({
        festivalId: ctx.festival.id,
        userId,
        organisation: input.organisation,
        network: input.network,
        heardFrom: input.heardFrom,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: festivalRegistration.id });
    const already = inserted.length === 0;
    if (!already) {
      await enqueueEmails(tx, [
        {
          kind: "festival-registered",
          to: person.email,
          dedupeKey: `festival-registered:${inserted[0]!.id}`,
          message: festivalRegistrationEmail({
            appUrl: ctx.appUrl,
            festival: emailFestival(ctx.festival, ctx.appUrl),
            recipient: person,
          }),
        },
      ]);
    }
    const webinar = input.webinar
      ? await registerInTransaction(tx, userId, input.webinar, ctx)
      : null;
    return { status: "registered", already, webinar } as const;
  });
}

export async function festivalRegistrationOf(userId: string, festivalId: string) {
  const [row] = await (
    await db()
  )
    .select()
    .from(festivalRegistration)
    .where(
      and(eq(festivalRegistration.festivalId, festivalId), eq(festivalRegistration.userId, userId)),
    );
  return row ?? null;
}
