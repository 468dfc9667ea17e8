/**
 * What the edit page's action answers, one shape per form on the page, as
 * plain data (strings and numbers), so the route and its components agree.
 */
export type FieldErrors = Record<string, string>;

export interface ToldSample {
  name: string;
  email: string;
  status: "confirmed" | "waitlisted";
  when: string;
}

export interface WhoIsToldView {
  confirmed: number;
  waitlisted: number;
  total: number;
  sample: ToldSample[];
  nobodyBecause: string | null;
}

export interface ZoneTime {
  zone: string;
  text: string;
  night: boolean;
}

export interface MovePreviewView {
  told: WhoIsToldView;
  /** The new time in the festival's zone, in UTC, and in the chosen zones. */
  festival: string;
  utc: string;
  elsewhere: ZoneTime[];
  note: string | null;
  clashesWith: string[];
  nightFor: { zone: string; share: number; local: string }[];
}

export type EditResult =
  | {
      form: "details";
      errors: FieldErrors;
      values: Record<string, string> | null;
      slots: { host: string[]; speaker: string[] } | null;
      preview: string | null;
      message: string | null;
      notes: string[];
    }
  | { form: "status"; error: string | null; message: string | null; notes: string[] }
  | {
      form: "time";
      errors: FieldErrors;
      values: Record<string, string>;
      step: "edit" | "confirm" | "done";
      preview: MovePreviewView | null;
      message: string | null;
    }
  | {
      form: "cancel";
      errors: FieldErrors;
      reason: string;
      step: "edit" | "confirm" | "done";
      told: WhoIsToldView | null;
      message: string | null;
    }
  | { form: "recording"; errors: FieldErrors; value: string; message: string | null };
