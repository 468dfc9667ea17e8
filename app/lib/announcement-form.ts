import { z } from "zod";

/**
 * The announcement form's audience field: one select, so it works without
 * JavaScript. "festival", or a webinar's id with who on it gets the message.
 */
export type AudienceChoice = { webinarId: string | null; waitlist: boolean };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const WEBINAR_AUDIENCE = new RegExp(`^(confirmed|registered):(${UUID})$`, "i");

export const audienceField = z
  .string({ error: "Choose who gets the message." })
  .refine((v) => v === "festival" || WEBINAR_AUDIENCE.test(v), "Choose who gets the message.")
  .transform((v): AudienceChoice => {
    const m = WEBINAR_AUDIENCE.exec(v);
    return m
      ? { webinarId: m[2]!.toLowerCase(), waitlist: m[1] === "registered" }
      : { webinarId: null, waitlist: true };
  });

export const audienceValue = (kind: "confirmed" | "registered", webinarId: string) =>
  `${kind}:${webinarId}`;

/** The form as posted: what to send and to whom (subject and body are checked by the model). */
export const announcementForm = z.object({
  intent: z.enum(["preview", "send"]).catch("preview"),
  subject: z.string().max(10_000).default(""),
  body: z.string().max(100_000).default(""),
  audience: audienceField,
  announcementId: z.uuid().optional(),
});
