import { formatClock, zoneCity } from "~/lib/time";
import type { AutosaveStatus } from "./use-autosave";

/** Where the text stands, announced politely to screen readers. */
export function AutosaveNotice({ status, zone }: { status: AutosaveStatus; zone: string }) {
  let text = "Changes are saved automatically as you write.";
  if (status.kind === "pending") text = "Unsaved changes…";
  if (status.kind === "saving") text = "Saving…";
  if (status.kind === "saved") {
    text = `All changes autosaved at ${formatClock(status.at, zone)} ${zoneCity(zone)} time. Readers see them once you save or publish.`;
  }
  if (status.kind === "error") text = status.message;
  return (
    <p
      className={`studio-autosave${status.kind === "error" ? " notice notice--error" : ""}`}
      role="status"
      data-autosave={status.kind}
    >
      {text}
    </p>
  );
}
