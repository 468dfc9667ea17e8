import type { PostWorkingCopy } from "~db/schema";

export type PostState = "draft" | "scheduled" | "published";

/** What the studio's editor page is drawn from (times already written in the author's zone). */
export interface EditorView {
  post: {
    id: string;
    state: PostState;
    revision: number;
    slug: string;
    copy: PostWorkingCopy;
    savedTitle: string;
    unsaved: { at: string; by: string } | null;
    publishAt: { author: string; festival: string } | null;
  };
  previewHtml: string;
  schedule: {
    date: string;
    time: string;
    zone: string;
    zoneLabel: string;
    festivalZoneLabel: string;
  };
  options: {
    faculty: { id: string; name: string; slug: string }[];
    webinars: { id: string; title: string; when: string; cancelled: boolean }[];
  };
  /** A faculty writer's own profile: always on the byline (organisers: null). */
  ownFacultyId: string | null;
}

/** What an editor action answers: a message, or errors with everything typed kept. */
export interface EditorResult {
  errors: Record<string, string>;
  copy: PostWorkingCopy | null;
  message: string | null;
  previewHtml: string | null;
}
