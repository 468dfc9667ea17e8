import { z } from "zod";
import { text } from "~/lib/form";
import { isValidZone } from "~/lib/time";

/** Profile fields shared by the festival form and the profile page. */
export const profileFields = {
  name: text("name", 120, 1),
  organisation: text("organisation", 200),
  networkRole: text("role in your network", 120),
  country: text("country", 80),
  timeZone: z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .refine((v) => v === "" || isValidZone(v), {
      message: "Choose a time zone from the list, e.g. Europe/London.",
    })
    .transform((v) => (v === "" ? null : v)),
};
