/**
 * The document kinds the resource library accepts, with the words a page
 * shows for them. Not a .server module: the public pages' components read
 * these labels in the browser too.
 */
export const DOCUMENT_TYPES = ["pdf", "pptx", "docx", "xlsx", "odp", "odt", "ods"] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_LABELS: Record<DocumentType, string> = {
  pdf: "PDF",
  pptx: "PowerPoint slides",
  docx: "Word document",
  xlsx: "Excel spreadsheet",
  odp: "OpenDocument slides",
  odt: "OpenDocument text",
  ods: "OpenDocument spreadsheet",
};

/** The largest resource file accepted (uploads past it are cut off and refused). */
export const MAX_RESOURCE_BYTES = 50 * 1024 * 1024;

/** What accepted files are, in one phrase for hints and refusals. */
export const ACCEPTED_DOCUMENTS =
  "a PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx) or OpenDocument (.odt, .odp, .ods) file";

export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === "string" && (DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** "840 KB", "12.5 MB": sizes as people read them (1 KB = 1,024 bytes, as file managers show). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}
