import fs from "node:fs";
import path from "node:path";

/**
 * Every route that takes a form (exports an `action`), with who is meant to
 * use it and where its URL parameters come from, for the hostile-input
 * property tests. A route with an action missing here fails
 * hostile-coverage.test.ts, so new routes get covered.
 */
export type Persona =
  | "anonymous"
  | "attendee"
  | "faculty"
  | "judge"
  /** An organiser whose browser has not passed the second factor. */
  | "unverified"
  | "organiser";

/** Where a URL parameter's real values come from (bogus ones are always tried too). */
export type ParamSource =
  | "webinar.id"
  | "webinar.slug"
  | "speaker.id"
  | "resource.id"
  | "post.id"
  | "entry.id"
  | "user.id"
  | "token";

export interface HostileRoute {
  file: string;
  persona: Persona;
  /** The URL, with :name for each parameter. */
  url: string;
  params?: Record<string, ParamSource>;
  group: "admin" | "public" | "people" | "network90-studio";
  /** Tables the route changes on purpose even when it refuses (with why, next to the entry). */
  mayChangeOnRefusal?: string[];
}

export const HOSTILE_ROUTES: HostileRoute[] = [
  {
    file: "admin.announcements.new.tsx",
    persona: "organiser",
    url: "/admin/announcements/new",
    group: "admin",
  },
  {
    file: "admin.network90.$entryId.tsx",
    persona: "organiser",
    url: "/admin/network90/:entryId",
    params: { entryId: "entry.id" },
    group: "admin",
  },
  {
    file: "admin.network90.results.tsx",
    persona: "organiser",
    url: "/admin/network90/results",
    group: "admin",
  },
  {
    file: "admin.network90.settings.tsx",
    persona: "organiser",
    url: "/admin/network90/settings",
    group: "admin",
  },
  { file: "admin.outbox.tsx", persona: "organiser", url: "/admin/outbox", group: "admin" },
  {
    file: "admin.people.$userId.tsx",
    persona: "organiser",
    url: "/admin/people/:userId",
    params: { userId: "user.id" },
    group: "people",
  },
  { file: "admin.people._index.tsx", persona: "organiser", url: "/admin/people", group: "people" },
  {
    file: "admin.registrations.$webinarId.tsx",
    persona: "organiser",
    url: "/admin/registrations/:webinarId",
    params: { webinarId: "webinar.id" },
    group: "people",
  },
  {
    file: "admin.resources.$id.tsx",
    persona: "organiser",
    url: "/admin/resources/:id",
    params: { id: "resource.id" },
    group: "admin",
  },
  {
    file: "admin.resources.new.tsx",
    persona: "organiser",
    url: "/admin/resources/new",
    group: "admin",
  },
  { file: "admin.security.tsx", persona: "organiser", url: "/admin/security", group: "people" },
  { file: "admin.settings.tsx", persona: "organiser", url: "/admin/settings", group: "admin" },
  {
    file: "admin.speakers.$id.tsx",
    persona: "organiser",
    url: "/admin/speakers/:id",
    params: { id: "speaker.id" },
    group: "admin",
  },
  {
    file: "admin.speakers._index.tsx",
    persona: "organiser",
    url: "/admin/speakers",
    group: "admin",
  },
  {
    file: "admin.webinars.$id.tsx",
    persona: "organiser",
    url: "/admin/webinars/:id",
    params: { id: "webinar.id" },
    group: "admin",
  },
  {
    file: "admin.webinars.new.tsx",
    persona: "organiser",
    url: "/admin/webinars/new",
    group: "admin",
  },
  {
    file: "admin.webinars.preview.ts",
    persona: "organiser",
    url: "/admin/webinars/preview",
    group: "admin",
  },
  {
    file: "admin_.security.enrol.tsx",
    persona: "organiser",
    url: "/admin/security/enrol",
    group: "people",
  },
  {
    file: "admin_.security.verify.tsx",
    persona: "unverified",
    url: "/admin/security/verify",
    group: "people",
  },
  {
    file: "faculty-invite.$token.tsx",
    persona: "attendee",
    url: "/faculty-invite/:token",
    params: { token: "token" },
    group: "public",
  },
  {
    file: "judging.$entryId.tsx",
    persona: "judge",
    url: "/judging/:entryId",
    params: { entryId: "entry.id" },
    group: "network90-studio",
  },
  {
    file: "login.tsx",
    persona: "anonymous",
    url: "/login",
    group: "public",
    // A wrong code counts against the code (five and it is spent).
    mayChangeOnRefusal: ["login_token"],
  },
  { file: "login_.verify.tsx", persona: "anonymous", url: "/login/verify", group: "public" },
  { file: "logout.tsx", persona: "attendee", url: "/logout", group: "public" },
  { file: "me._index.tsx", persona: "attendee", url: "/me", group: "public" },
  { file: "me.delete.tsx", persona: "attendee", url: "/me/delete", group: "public" },
  {
    file: "me.faculty-profile.tsx",
    persona: "faculty",
    url: "/me/faculty-profile",
    group: "public",
  },
  { file: "me.profile.tsx", persona: "attendee", url: "/me/profile", group: "public" },
  {
    file: "network90.enter.tsx",
    persona: "attendee",
    url: "/network90/enter",
    group: "network90-studio",
  },
  {
    file: "network90.entries.$id.tsx",
    persona: "attendee",
    url: "/network90/entries/:id",
    params: { id: "entry.id" },
    group: "network90-studio",
  },
  { file: "register.tsx", persona: "attendee", url: "/register", group: "public" },
  { file: "studio._index.tsx", persona: "faculty", url: "/studio", group: "network90-studio" },
  {
    file: "studio.posts.$id.tsx",
    persona: "organiser",
    url: "/studio/posts/:id",
    params: { id: "post.id" },
    group: "network90-studio",
    // Refused, the editor's text is still kept as the post's working copy (never what readers see).
    mayChangeOnRefusal: ["post"],
  },
  {
    file: "studio.posts.$id_.autosave.ts",
    persona: "organiser",
    url: "/studio/posts/:id/autosave",
    params: { id: "post.id" },
    group: "network90-studio",
  },
  {
    file: "studio.preview.ts",
    persona: "faculty",
    url: "/studio/preview",
    group: "network90-studio",
  },
  {
    file: "unsubscribe.$token.tsx",
    persona: "anonymous",
    url: "/unsubscribe/:token",
    params: { token: "token" },
    group: "public",
  },
  {
    file: "webinars.$slug_.register.tsx",
    persona: "attendee",
    url: "/webinars/:slug/register",
    params: { slug: "webinar.slug" },
    group: "public",
  },
  { file: "zone.tsx", persona: "anonymous", url: "/zone", group: "public" },
];

export const ROUTES_DIR = path.resolve("app/routes");

const EXPORTS_ACTION =
  /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b|export\s*\{[^}]*\baction\b/;

/** The route modules that export an action, read from app/routes. */
export function routesWithAction(): string[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((file) => /\.tsx?$/.test(file))
    .filter((file) => EXPORTS_ACTION.test(fs.readFileSync(path.join(ROUTES_DIR, file), "utf8")))
    .sort();
}

/** Endpoints that answer data rather than pages (JSON first), read with GET and a query string. */
export const HOSTILE_ENDPOINTS: HostileRoute[] = [
  {
    file: "api.schedule[.]json.ts",
    persona: "anonymous",
    url: "/api/schedule.json",
    group: "public",
  },
  { file: "schedule[.]json.ts", persona: "anonymous", url: "/schedule.json", group: "public" },
  {
    file: "admin.people.$userId[.]json.ts",
    persona: "organiser",
    url: "/admin/people/:userId.json",
    params: { userId: "user.id" },
    group: "people",
  },
  { file: "me.export[.]json.ts", persona: "attendee", url: "/me/export.json", group: "public" },
  { file: "schedule[.]ics.ts", persona: "anonymous", url: "/schedule.ics", group: "public" },
  { file: "schedule[.]xml.ts", persona: "anonymous", url: "/schedule.xml", group: "public" },
  {
    file: "calendar.$feed.ts",
    persona: "anonymous",
    url: "/calendar/:feed",
    params: { feed: "token" },
    group: "public",
  },
  {
    file: "webinars.$slug.calendar[.]ics.ts",
    persona: "anonymous",
    url: "/webinars/:slug/calendar.ics",
    params: { slug: "webinar.slug" },
    group: "public",
  },
  {
    file: "admin.registrations[.]csv.ts",
    persona: "organiser",
    url: "/admin/registrations.csv",
    group: "people",
  },
  {
    file: "admin.registrations.$webinarId[.]csv.ts",
    persona: "organiser",
    url: "/admin/registrations/:webinarId.csv",
    params: { webinarId: "webinar.id" },
    group: "people",
  },
  {
    file: "me.certificates.$file.ts",
    persona: "attendee",
    url: "/me/certificates/:file",
    params: { file: "token" },
    group: "public",
  },
  {
    file: "media.$file.ts",
    persona: "anonymous",
    url: "/media/:file",
    params: { file: "token" },
    group: "public",
  },
  {
    file: "network90.entries.$id_.captions[.]vtt.ts",
    persona: "anonymous",
    url: "/network90/entries/:id/captions.vtt",
    params: { id: "entry.id" },
    group: "network90-studio",
  },
  {
    file: "network90.entries.$id_.video.ts",
    persona: "anonymous",
    url: "/network90/entries/:id/video",
    params: { id: "entry.id" },
    group: "network90-studio",
  },
  {
    file: "resources.$slug_.download.ts",
    persona: "anonymous",
    url: "/resources/:slug/download",
    params: { slug: "token" },
    group: "public",
  },
  {
    file: "faculty.$slug_.atom[.]xml.ts",
    persona: "anonymous",
    url: "/faculty/:slug/atom.xml",
    params: { slug: "token" },
    group: "public",
  },
  {
    file: "faculty.$slug_.feed[.]xml.ts",
    persona: "anonymous",
    url: "/faculty/:slug/feed.xml",
    params: { slug: "token" },
    group: "public",
  },
  { file: "blog.atom[.]xml.ts", persona: "anonymous", url: "/blog/atom.xml", group: "public" },
  { file: "blog.feed[.]xml.ts", persona: "anonymous", url: "/blog/feed.xml", group: "public" },
  { file: "sitemap[.]xml.ts", persona: "anonymous", url: "/sitemap.xml", group: "public" },
];

/** The routes that answer JSON, read from app/routes. */
export function jsonRoutes(): string[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((file) => /\[\.\]json\.tsx?$/.test(file))
    .sort();
}
