import type { AdminContext } from "~/lib/admin-auth.server";
import {
  DEFAULT_MAX_IMAGE_BYTES,
  parseUploadForm,
  saveImage,
  tooLargeMessage,
  uploadedFile,
} from "~/lib/uploads.server";
import { parseSpeaker, saveSpeaker } from "~/models/admin-speakers.server";

export type SpeakerFormReply =
  | { status: "saved"; id: string }
  | { status: "invalid"; errors: Record<string, string>; values: Record<string, string> };

/**
 * A speaker form with its photo: the words are checked first, so a photo is
 * stored only when everything else is right; a photo that is too large or
 * not an image gets its message next to the field and the words are kept.
 */
export async function handleSpeakerForm(
  request: Request,
  id: string | null,
  { festival, actor }: AdminContext,
): Promise<SpeakerFormReply | { status: "not-found" }> {
  const maxBytes = DEFAULT_MAX_IMAGE_BYTES;
  const { form, tooLarge } = await parseUploadForm(request, { maxBytes });
  const parsed = parseSpeaker(form);
  const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
  if (tooLarge.includes("photo")) errors.photo = tooLargeMessage(maxBytes);
  const values = parsed.ok
    ? {
        name: parsed.data.name,
        organisation: parsed.data.organisation,
        location: parsed.data.location,
        bio: parsed.data.bio,
      }
    : parsed.values;
  if (!parsed.ok || errors.photo) return { status: "invalid", errors, values };
  let photoName: string | null = null;
  const file = uploadedFile(form, "photo");
  if (file) {
    const saved = await saveImage(file, { maxBytes });
    if (!saved.ok) return { status: "invalid", errors: { photo: saved.error }, values };
    photoName = saved.name;
  }
  return saveSpeaker(id, parsed.data, photoName, { festival, actor });
}
