import { relations, sql } from "drizzle-orm";
import { LICENCES } from "../app/lib/licences";
import { REGIONS } from "../app/lib/regions";
import {
  bigint,
  boolean,
  jsonb,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** Every instant is a timestamptz; drizzle hands them to us as JS Dates (UTC). */
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => instant("created_at").notNull().defaultNow();
const updatedAt = () => instant("updated_at").notNull().defaultNow();

export const festival = pgTable(
  "festival",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    tagline: text("tagline").notNull().default(""),
    description: text("description").notNull().default(""),
    /** IANA zone the organisers think in, e.g. Europe/London. */
    timeZone: text("time_zone").notNull(),
    /** Calendar dates in the festival's own zone. */
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    contactEmail: text("contact_email").notNull(),
    registrationOpen: boolean("registration_open").notNull().default(true),
    /** Minutes before a webinar that reminders go out; 1440 (a day) or more is a "day before" one. */
    reminderOffsetsMinutes: integer("reminder_offsets_minutes")
      .array()
      .notNull()
      .default(sql`'{1440,15}'::integer[]`),
    /** Branding for pages and emails: a #rrggbb colour and an uploaded logo's stored name. */
    brandColour: text("brand_colour").notNull().default("#0b5563"),
    logoFile: text("logo_file"),
    /**
     * Days after the festival's last day that registrants' personal data is
     * kept; the retention job then anonymises it, keeping the numbers.
     */
    retentionDays: integer("retention_days").notNull().default(180),
    /** When the retention job anonymised this festival's registrants (null: not yet). */
    personalDataRemovedAt: instant("personal_data_removed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("festival_slug_key").on(t.slug),
    check("festival_dates_ordered", sql`${t.endsOn} >= ${t.startsOn}`),
    check("festival_retention_days_range", sql`${t.retentionDays} between 1 and 3650`),
  ],
);

export const user = pgTable(
  "user",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    organisation: text("organisation").notNull().default(""),
    country: text("country").notNull().default(""),
    /** Their role in their network, e.g. "Network coordinator". */
    networkRole: text("network_role").notNull().default(""),
    timeZone: text("time_zone"),
    isOrganiser: boolean("is_organiser").notNull().default(false),
    isFaculty: boolean("is_faculty").notNull().default(false),
    /** Secret part of the personal calendar feed URL; rotating it retires the old URL. */
    calendarToken: text("calendar_token")
      .notNull()
      // Two v4 UUIDs' hex: 244 random bits, made by the database so existing rows get one too.
      .default(sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`),
    /** Email preferences; change and registration notices are always sent. */
    emailReminders: boolean("email_reminders").notNull().default(true),
    emailDigest: boolean("email_digest").notNull().default(false),
    emailNews: boolean("email_news").notNull().default(false),
    emailAnnouncements: boolean("email_announcements").notNull().default(true),
    /** Consents, each with when it was given (null: not given or withdrawn). */
    privacyConsentAt: instant("privacy_consent_at"),
    marketingConsentAt: instant("marketing_consent_at"),
    /**
     * Second factor for organisers (RFC 6238 TOTP): the base32 secret, set
     * while enrolling and confirmed by enabledAt; lastStep refuses a code
     * used twice.
     */
    totpSecret: text("totp_secret"),
    totpEnabledAt: instant("totp_enabled_at"),
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Emails are unique whatever their case: Ann@x.org and ann@x.org are one person.
    uniqueIndex("user_email_key").on(sql`lower(${t.email})`),
    uniqueIndex("user_calendar_token_key").on(t.calendarToken),
  ],
);

/**
 * A signed-in browser. The cookie holds a random token; only its hash is
 * stored, and signing out deletes the row, so a copied cookie dies with it.
 */
export const session = pgTable(
  "session",
  {
    /** sha256 of the cookie's token, hex. */
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    expiresAt: instant("expires_at").notNull(),
    /** When this browser passed the second factor (the back office asks for it). */
    secondFactorAt: instant("second_factor_at"),
    /** Wrong second-factor codes in this session; too many ends it. */
    secondFactorFailures: integer("second_factor_failures").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

/** One-time recovery codes for a lost authenticator, stored as hashes. */
export const recoveryCode = pgTable(
  "recovery_code",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: instant("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("recovery_code_user_idx").on(t.userId)],
);

/**
 * Every change an organiser makes: who, what, when, before and after. Rows
 * outlive the people and things they name (ids kept as text, the actor's
 * email copied), so the log stays readable.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id").references(() => festival.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => user.id, { onDelete: "set null" }),
    actorEmail: text("actor_email").notNull(),
    /** Dotted verb, e.g. "webinar.reschedule", "festival.update", "role.grant". */
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id"),
    /** One line a person reads in the log. */
    summary: text("summary").notNull(),
    before: jsonb("before").$type<Record<string, unknown> | null>(),
    after: jsonb("after").$type<Record<string, unknown> | null>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_festival_idx").on(t.festivalId, t.createdAt),
    index("audit_log_subject_idx").on(t.subjectType, t.subjectId),
  ],
);

/** An organiser's invitation to join the faculty: a single-use link by email. */
export const facultyInvite = pgTable(
  "faculty_invite",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    /** Lower-cased. */
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => user.id, { onDelete: "set null" }),
    expiresAt: instant("expires_at").notNull(),
    acceptedAt: instant("accepted_at"),
    acceptedBy: uuid("accepted_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("faculty_invite_token_key").on(t.tokenHash),
    index("faculty_invite_festival_idx").on(t.festivalId, t.createdAt),
  ],
);

/** Someone's registration for a festival, with the answers to its short form. */
export const festivalRegistration = pgTable(
  "festival_registration",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    /** Null once the person deleted their account: the count stays, the person goes. */
    userId: uuid("user_id").references(() => user.id, { onDelete: "set null" }),
    organisation: text("organisation").notNull().default(""),
    network: text("network").notNull().default(""),
    heardFrom: text("heard_from").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("festival_registration_user_key").on(t.festivalId, t.userId),
    // The back office lists, charts and exports registrants in the order they came.
    index("festival_registration_created_idx").on(t.festivalId, t.createdAt, t.id),
    index("festival_registration_user_idx").on(t.userId),
  ],
);

/** Hands out waitlist places in the order people joined (taken under the webinar's lock). */
export const waitlistQueue = pgSequence("waitlist_queue");

export const registrationStatus = pgEnum("registration_status", [
  "confirmed",
  "waitlisted",
  "cancelled",
]);

/**
 * A seat (or a place in the queue) at one webinar. Seat changes for a
 * webinar are serialised on the webinar's row lock, so capacity holds under
 * any concurrency; the waitlist is served in order of waitlisted_at.
 */
export const webinarRegistration = pgTable(
  "webinar_registration",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    webinarId: uuid("webinar_id")
      .notNull()
      .references(() => webinar.id, { onDelete: "cascade" }),
    /** Null once the person deleted their account (past registrations stay in the counts). */
    userId: uuid("user_id").references(() => user.id, { onDelete: "set null" }),
    status: registrationStatus("status").notNull(),
    waitlistedAt: instant("waitlisted_at"),
    /** Place in the waitlist queue: lower is earlier. Set each time someone joins the waitlist. */
    waitlistNumber: bigint("waitlist_number", { mode: "number" }),
    confirmedAt: instant("confirmed_at"),
    cancelledAt: instant("cancelled_at"),
    /** First time they followed the join link: attendance. */
    joinedAt: instant("joined_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("webinar_registration_user_key").on(t.webinarId, t.userId),
    index("webinar_registration_status_idx").on(t.webinarId, t.status, t.waitlistNumber),
    index("webinar_registration_user_idx").on(t.userId),
  ],
);

export const facultyProfile = pgTable(
  "faculty_profile",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    title: text("title").notNull().default(""),
    organisation: text("organisation").notNull().default(""),
    location: text("location").notNull().default(""),
    bio: text("bio").notNull().default(""),
    photoUrl: text("photo_url"),
    isChair: boolean("is_chair").notNull().default(false),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("faculty_profile_slug_key").on(t.festivalId, t.slug),
    uniqueIndex("faculty_profile_user_key").on(t.festivalId, t.userId),
  ],
);

/** A webinar guest who need not have an account. */
export const speaker = pgTable(
  "speaker",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    organisation: text("organisation").notNull().default(""),
    location: text("location").notNull().default(""),
    bio: text("bio").notNull().default(""),
    photoUrl: text("photo_url"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("speaker_slug_key").on(t.festivalId, t.slug)],
);

export const webinarStatus = pgEnum("webinar_status", ["draft", "published", "cancelled"]);

export const webinar = pgTable(
  "webinar",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    /** Markdown, rendered through the sanitiser. */
    abstract: text("abstract").notNull().default(""),
    topic: text("topic").notNull().default(""),
    startsAt: instant("starts_at").notNull(),
    durationMinutes: integer("duration_minutes").notNull().default(30),
    /** null: unlimited. */
    capacity: integer("capacity"),
    /** Secret: only ever shown to confirmed registrants near the start. */
    joinUrl: text("join_url"),
    recordingUrl: text("recording_url"),
    status: webinarStatus("status").notNull().default("draft"),
    /** RFC 5545 UID, fixed for the webinar's whole life. */
    calendarUid: uuid("calendar_uid").notNull().defaultRandom(),
    /** RFC 5545 SEQUENCE, bumped with every change of time or status. */
    sequence: integer("sequence").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("webinar_slug_key").on(t.festivalId, t.slug),
    uniqueIndex("webinar_calendar_uid_key").on(t.calendarUid),
    index("webinar_festival_starts_idx").on(t.festivalId, t.startsAt),
    check("webinar_duration_positive", sql`${t.durationMinutes} between 5 and 600`),
    check("webinar_capacity_positive", sql`${t.capacity} is null or ${t.capacity} >= 0`),
    check("webinar_sequence_nonnegative", sql`${t.sequence} >= 0`),
  ],
);

export const webinarHost = pgTable(
  "webinar_host",
  {
    webinarId: uuid("webinar_id")
      .notNull()
      .references(() => webinar.id, { onDelete: "cascade" }),
    facultyId: uuid("faculty_id")
      .notNull()
      .references(() => facultyProfile.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.webinarId, t.facultyId] }),
    index("webinar_host_faculty_idx").on(t.facultyId),
  ],
);

export const webinarSpeaker = pgTable(
  "webinar_speaker",
  {
    webinarId: uuid("webinar_id")
      .notNull()
      .references(() => webinar.id, { onDelete: "cascade" }),
    speakerId: uuid("speaker_id")
      .notNull()
      .references(() => speaker.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.webinarId, t.speakerId] }),
    index("webinar_speaker_speaker_idx").on(t.speakerId),
  ],
);

/**
 * A blog post's visibility: a draft is the authors' alone; a published post
 * is public from publishAt on (a future publishAt is a scheduled post, so it
 * appears at its time with no job to run).
 */
export const postStatus = pgEnum("post_status", ["draft", "published"]);

/** What an editor holds: every field as typed, kept by autosave until saved for real. */
export interface PostWorkingCopy {
  title: string;
  slug: string;
  summary: string;
  body: string;
  tags: string;
  coverImageUrl: string;
  coverImageAlt: string;
  webinarIds: string[];
  authorIds: string[];
}

export const post = pgTable(
  "post",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull().default(""),
    /** One or two sentences for lists, feeds and link previews. */
    summary: text("summary").notNull().default(""),
    /** Markdown, rendered through the sanitiser. */
    body: text("body").notNull().default(""),
    /** `/media/<upload>` or an https URL. */
    coverImageUrl: text("cover_image_url"),
    coverImageAlt: text("cover_image_alt").notNull().default(""),
    /** Lower-case words, e.g. {"funding","evaluation"}. */
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: postStatus("status").notNull().default("draft"),
    publishAt: instant("publish_at"),
    /**
     * Autosaved edits not yet saved for real: readers keep seeing the saved
     * post until an author saves, publishes or updates.
     */
    workingCopy: jsonb("working_copy").$type<PostWorkingCopy | null>(),
    workingSavedAt: instant("working_saved_at"),
    workingSavedBy: uuid("working_saved_by").references(() => user.id, { onDelete: "set null" }),
    /** Bumped by every real save: an editor opened on an older revision is told, not overwritten. */
    revision: integer("revision").notNull().default(0),
    createdBy: uuid("created_by").references(() => user.id, { onDelete: "set null" }),
    /** When readers last saw the content change (feeds' <updated>). */
    contentUpdatedAt: instant("content_updated_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("post_slug_key").on(t.festivalId, t.slug),
    index("post_public_idx").on(t.festivalId, t.status, t.publishAt),
    index("post_tags_idx").using("gin", t.tags),
    check("post_published_has_time", sql`${t.status} = 'draft' or ${t.publishAt} is not null`),
  ],
);

/** A post's authors, in byline order: faculty profiles, so bylines link to them. */
export const postAuthor = pgTable(
  "post_author",
  {
    postId: uuid("post_id")
      .notNull()
      .references(() => post.id, { onDelete: "cascade" }),
    facultyId: uuid("faculty_id")
      .notNull()
      .references(() => facultyProfile.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.facultyId] }),
    index("post_author_faculty_idx").on(t.facultyId),
  ],
);

/** Webinars a post points readers to. */
export const postWebinar = pgTable(
  "post_webinar",
  {
    postId: uuid("post_id")
      .notNull()
      .references(() => post.id, { onDelete: "cascade" }),
    webinarId: uuid("webinar_id")
      .notNull()
      .references(() => webinar.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.webinarId] }),
    index("post_webinar_webinar_idx").on(t.webinarId),
  ],
);

/**
 * An address that used to lead somewhere: when a post's or a webinar's slug
 * changes, the old one redirects (links already shared and emailed keep
 * working). A live slug always wins over a redirect.
 */
export const slugRedirect = pgTable(
  "slug_redirect",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    /** "post" or "webinar". */
    kind: text("kind").notNull(),
    oldSlug: text("old_slug").notNull(),
    targetId: uuid("target_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("slug_redirect_key").on(t.festivalId, t.kind, t.oldSlug)],
);

/**
 * Network90, the festival's video competition: one row per festival with its
 * timeline and judging criteria. Times are instants; pages show them in the
 * reader's zone.
 */
export const competition = pgTable("competition", {
  festivalId: uuid("festival_id")
    .primaryKey()
    .references(() => festival.id, { onDelete: "cascade" }),
  name: text("name").notNull().default("Network90"),
  /** Entries (and replaced videos) are accepted until then. */
  entriesCloseAt: instant("entries_close_at").notNull(),
  votingOpensAt: instant("voting_opens_at").notNull(),
  votingClosesAt: instant("voting_closes_at").notNull(),
  /** Null until the organisers announce the winners: results stay hidden till then. */
  resultsAnnouncedAt: instant("results_announced_at"),
  /** What judges score, each from 1 to 5. */
  criteria: jsonb("criteria")
    .$type<string[]>()
    .notNull()
    .default(sql`'["Story", "Impact on the network", "Craft and accessibility"]'::jsonb`),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** People the organisers asked to judge (organisers judge too). */
export const competitionJudge = pgTable(
  "competition_judge",
  {
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.festivalId, t.userId] })],
);

export const entryStatus = pgEnum("entry_status", [
  "draft",
  "submitted",
  "shortlisted",
  "declined",
]);

/** 'a', 'b': a fixed list as SQL literals, for CHECK constraints. */
const quoted = (values: readonly string[]) =>
  values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");

/**
 * A network's entry. The entrant is a signed-in person (their email was
 * verified by signing in). The video is an upload (in storage, under a
 * key the server chose) or a link to a hosting site; captions are a
 * WebVTT file, required before the entry can be shown publicly.
 */
export const entry = pgTable(
  "entry",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => user.id, { onDelete: "set null" }),
    networkName: text("network_name").notNull(),
    region: text("region").notNull(),
    contactName: text("contact_name").notNull().default(""),
    description: text("description").notNull().default(""),
    /** An upload's storage key, e.g. "videos/<uuid>.mp4". */
    videoKey: text("video_key"),
    /** "mp4", "webm" or "mov", as read from the file's bytes. */
    videoType: text("video_type"),
    videoBytes: bigint("video_bytes", { mode: "number" }),
    /** Read from the file's own metadata. */
    videoSeconds: doublePrecision("video_seconds"),
    /** A link to the video on a hosting site, instead of an upload. */
    videoUrl: text("video_url"),
    captionsKey: text("captions_key"),
    /** When the entrant agreed to the video being shown publicly (null: not agreed). */
    publicConsentAt: instant("public_consent_at"),
    status: entryStatus("status").notNull().default("draft"),
    submittedAt: instant("submitted_at"),
    /** The reason given when declined (emailed to the entrant). */
    decisionReason: text("decision_reason"),
    decidedAt: instant("decided_at"),
    decidedBy: uuid("decided_by").references(() => user.id, { onDelete: "set null" }),
    /** 1 for the winner, 2 and 3 for the runners-up, set when results are announced. */
    placing: integer("placing"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("entry_user_key").on(t.festivalId, t.userId),
    index("entry_status_idx").on(t.festivalId, t.status),
    check("entry_placing_range", sql`${t.placing} is null or ${t.placing} between 1 and 3`),
    check("entry_region_known", sql`${t.region} in (${sql.raw(quoted(REGIONS))})`),
  ],
);

/** A judge's score for one entry against one criterion. */
export const entryScore = pgTable(
  "entry_score",
  {
    entryId: uuid("entry_id")
      .notNull()
      .references(() => entry.id, { onDelete: "cascade" }),
    judgeId: uuid("judge_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    criterion: text("criterion").notNull(),
    score: integer("score").notNull(),
    comment: text("comment").notNull().default(""),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.judgeId, t.criterion] }),
    check("entry_score_range", sql`${t.score} between 1 and 5`),
  ],
);

/**
 * The public vote: one per verified email (a signed-in person) per festival,
 * for a shortlisted entry, inside the voting window.
 */
export const vote = pgTable(
  "vote",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => entry.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => user.id, { onDelete: "set null" }),
    /** Lower-cased, kept so one address counts once even if its account goes. */
    email: text("email").notNull(),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("vote_email_key").on(t.festivalId, t.email),
    index("vote_entry_idx").on(t.entryId),
    index("vote_ip_idx").on(t.festivalId, t.ip, t.createdAt),
  ],
);

/** Votes refused (a second vote, too many from one address): organisers see the pattern. */
export const voteRefusal = pgTable(
  "vote_refusal",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    ip: text("ip"),
    /** "already-voted", "ip-limit", "window-closed". */
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("vote_refusal_festival_idx").on(t.festivalId, t.createdAt)],
);

/**
 * An open resource released during the week: a file (in storage) or a link,
 * with its licence. It appears at releaseAt, like a reveal. Downloads are
 * counted, never who downloaded.
 */
export const resource = pgTable(
  "resource",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    festivalId: uuid("festival_id")
      .notNull()
      .references(() => festival.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    /** Markdown, rendered through the sanitiser. */
    description: text("description").notNull().default(""),
    /** A file's storage key, e.g. "resources/<uuid>.pdf". */
    fileKey: text("file_key"),
    /** "pdf", "pptx", "docx", "xlsx", "odt", "odp", "ods", as read from the file's bytes. */
    fileType: text("file_type"),
    fileBytes: bigint("file_bytes", { mode: "number" }),
    /** The name offered when downloading, made safe. */
    fileName: text("file_name"),
    /** A link instead of a file. */
    url: text("url"),
    licence: text("licence").notNull(),
    releaseAt: instant("release_at").notNull(),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    downloads: integer("downloads").notNull().default(0),
    createdBy: uuid("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("resource_slug_key").on(t.festivalId, t.slug),
    index("resource_release_idx").on(t.festivalId, t.releaseAt),
    check("resource_file_or_link", sql`(${t.fileKey} is null) <> (${t.url} is null)`),
    check("resource_licence_known", sql`${t.licence} in (${sql.raw(quoted(LICENCES))})`),
  ],
);

export const outboxStatus = pgEnum("outbox_status", ["pending", "sent", "failed"]);

/** A message as the mailer sends it: rendered when queued, so a retry sends the same bytes. */
export interface OutboxMessage {
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** An iTIP calendar object (RFC 5546) sent as nodemailer's icalEvent. */
  calendar?: { method: "REQUEST" | "CANCEL" | "PUBLISH"; content: string; filename?: string };
}

/**
 * One row per email to send. Requests write rows in the same transaction as
 * the change they announce; workers claim due rows (FOR UPDATE SKIP LOCKED,
 * with a lease) and deliver them. The dedupe key makes each message happen once.
 */
/**
 * Counters behind the rate limits (rate-limiter-flexible's Drizzle store):
 * one row per limited key, shared by every web process on the database.
 */
export const rateLimit = pgTable(
  "rate_limit",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull().default(0),
    expire: instant("expire"),
  },
  (t) => [index("rate_limit_expire_idx").on(t.expire)],
);

export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    recipient: text("recipient").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    /** Who and what a message is about, so planned ones can be found and re-planned. */
    userId: uuid("user_id").references(() => user.id, { onDelete: "cascade" }),
    webinarId: uuid("webinar_id").references(() => webinar.id, { onDelete: "cascade" }),
    message: jsonb("message").$type<OutboxMessage>().notNull(),
    sendAfter: instant("send_after").notNull().defaultNow(),
    status: outboxStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: instant("locked_until"),
    lastError: text("last_error"),
    sentAt: instant("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outbox_dedupe_key").on(t.dedupeKey),
    index("outbox_due_idx")
      .on(t.sendAfter)
      .where(sql`${t.status} = 'pending'`),
    index("outbox_planned_idx")
      .on(t.webinarId, t.userId, t.kind)
      .where(sql`${t.status} = 'pending'`),
    index("outbox_user_idx")
      .on(t.userId, t.kind)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** Messages delivered to the built-in development mailbox (no SMTP_URL), newest last. */
export const devMail = pgTable(
  "dev_mail",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    raw: text("raw").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("dev_mail_created_idx").on(t.createdAt)],
);

/**
 * A sign-in request: a magic link and a 6-digit code, either of which signs
 * in once within 10 minutes. Only hashes are stored.
 */
export const loginToken = pgTable(
  "login_token",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Lower-cased. */
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull(),
    codeHash: text("code_hash").notNull(),
    codeAttempts: integer("code_attempts").notNull().default(0),
    requestedIp: text("requested_ip"),
    redirectTo: text("redirect_to"),
    /** Slug of a webinar to register for once signed in (the click that led here). */
    registerFor: text("register_for"),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("login_token_hash_key").on(t.tokenHash),
    index("login_token_email_idx").on(t.email, t.createdAt),
    index("login_token_ip_idx").on(t.requestedIp, t.createdAt),
  ],
);

export const festivalRelations = relations(festival, ({ many }) => ({
  webinars: many(webinar),
  faculty: many(facultyProfile),
  speakers: many(speaker),
}));

export const userRelations = relations(user, ({ many }) => ({
  facultyProfiles: many(facultyProfile),
}));

export const facultyProfileRelations = relations(facultyProfile, ({ one, many }) => ({
  festival: one(festival, { fields: [facultyProfile.festivalId], references: [festival.id] }),
  user: one(user, { fields: [facultyProfile.userId], references: [user.id] }),
  hosting: many(webinarHost),
}));

export const speakerRelations = relations(speaker, ({ one, many }) => ({
  festival: one(festival, { fields: [speaker.festivalId], references: [festival.id] }),
  appearances: many(webinarSpeaker),
}));

export const webinarRelations = relations(webinar, ({ one, many }) => ({
  festival: one(festival, { fields: [webinar.festivalId], references: [festival.id] }),
  hosts: many(webinarHost),
  speakers: many(webinarSpeaker),
}));

export const webinarHostRelations = relations(webinarHost, ({ one }) => ({
  webinar: one(webinar, { fields: [webinarHost.webinarId], references: [webinar.id] }),
  faculty: one(facultyProfile, {
    fields: [webinarHost.facultyId],
    references: [facultyProfile.id],
  }),
}));

export const webinarSpeakerRelations = relations(webinarSpeaker, ({ one }) => ({
  webinar: one(webinar, { fields: [webinarSpeaker.webinarId], references: [webinar.id] }),
  speaker: one(speaker, { fields: [webinarSpeaker.speakerId], references: [speaker.id] }),
}));
