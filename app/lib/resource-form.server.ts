import type { AdminContext } from "~/lib/admin-auth.server";
import type { DocumentType } from "~/lib/document-types";
import { formValues } from "~/lib/form";
import { consumeRequestLimit } from "~/lib/rate-limit.server";
import {
  checkReceivedFile,
  receiveResourceForm,
  storeResourceFile,
  tooLargeMessage,
} from "~/lib/resource-upload.server";
import {
  deleteResource,
  parseResourceForm,
  saveResource,
  type Resource,
} from "~/models/resources.server";

export type ResourceFormReply =
  | { status: "saved"; id: string }
  | { status: "deleted"; title: string }
  | { status: "invalid"; errors: Record<string, string>; values: Record<string, string> }
  | {
      status: "limited";
      errors: Record<string, string>;
      values: Record<string, string>;
      headers: Record<string, string>;
    }
  | { status: "not-found" };

const CHOOSE_AGAIN = "Nothing was saved, so the file was not kept: choose it again.";

/**
 * The back office's resource form: the typed fields and the file are
 * checked together, so every message shows at once next to its field and
 * the typed words come back; the file is stored only when all is right.
 * On an existing resource, intent=delete (with the confirmation ticked)
 * deletes it instead.
 */
export async function handleResourceForm(
  request: Request,
  current: Resource | null,
  admin: AdminContext,
): Promise<ResourceFormReply> {
  const received = await receiveResourceForm(request);
  try {
    const { form } = received;
    if (current && form.get("intent") === "delete") {
      if (form.get("confirm") !== "on") {
        return {
          status: "invalid",
          errors: { confirm: "Tick the box to confirm that the resource should be deleted." },
          values: {},
        };
      }
      return await deleteResource(current.id, admin);
    }

    if (received.file) {
      const limit = await consumeRequestLimit("upload", request, admin.viewer.id);
      if (!limit.ok) {
        const values = formValues(form);
        return {
          status: "limited",
          errors: { file: limit.message },
          values,
          headers: limit.headers,
        };
      }
    }
    const parsed = parseResourceForm(form, admin.festival.timeZone);
    const values = parsed.ok ? formValues(form) : parsed.values;
    const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
    let type: DocumentType | null = null;
    if (received.tooLarge) {
      errors.file = tooLargeMessage();
    } else if (received.file && values.kind === "link") {
      errors.file =
        "You chose a file, but the resource is set to be a link. Choose “A file” above, or remove the file.";
    } else if (received.file) {
      const sniffed = await checkReceivedFile(received.file);
      if (sniffed.ok) type = sniffed.type;
      else errors.file = sniffed.error;
    } else if (values.kind === "file" && !current?.fileKey) {
      errors.file = "Choose the file to upload.";
    }
    if (!parsed.ok || Object.keys(errors).length > 0) {
      if (received.file && !errors.file) errors.file = CHOOSE_AGAIN;
      return { status: "invalid", errors, values };
    }

    const stored = received.file && type ? await storeResourceFile(received.file, type) : null;
    const result = await saveResource(current?.id ?? null, parsed.data, stored, admin);
    if (result.status === "invalid") {
      const refused: Record<string, string> = { ...result.errors };
      if (stored && !refused.file) refused.file = CHOOSE_AGAIN;
      return { status: "invalid", errors: refused, values };
    }
    if (result.status === "not-found") return result;
    return { status: "saved", id: result.id };
  } finally {
    await received.cleanup();
  }
}
