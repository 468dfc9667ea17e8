CREATE TYPE "public"."webinar_status" AS ENUM('draft', 'published', 'cancelled');--> statement-breakpoint
CREATE TABLE "faculty_profile" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"festival_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"photo_url" text,
	"is_chair" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "festival" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"tagline" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"time_zone" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"contact_email" text NOT NULL,
	"registration_open" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "festival_dates_ordered" CHECK ("festival"."ends_on" >= "festival"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "speaker" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"festival_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"photo_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"time_zone" text,
	"is_organiser" boolean DEFAULT false NOT NULL,
	"is_faculty" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webinar" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"festival_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"abstract" text DEFAULT '' NOT NULL,
	"topic" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer DEFAULT 30 NOT NULL,
	"capacity" integer,
	"join_url" text,
	"recording_url" text,
	"status" "webinar_status" DEFAULT 'draft' NOT NULL,
	"calendar_uid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webinar_duration_positive" CHECK ("webinar"."duration_minutes" between 5 and 600),
	CONSTRAINT "webinar_capacity_positive" CHECK ("webinar"."capacity" is null or "webinar"."capacity" >= 0),
	CONSTRAINT "webinar_sequence_nonnegative" CHECK ("webinar"."sequence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "webinar_host" (
	"webinar_id" uuid NOT NULL,
	"faculty_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "webinar_host_webinar_id_faculty_id_pk" PRIMARY KEY("webinar_id","faculty_id")
);
--> statement-breakpoint
CREATE TABLE "webinar_speaker" (
	"webinar_id" uuid NOT NULL,
	"speaker_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "webinar_speaker_webinar_id_speaker_id_pk" PRIMARY KEY("webinar_id","speaker_id")
);
--> statement-breakpoint
ALTER TABLE "faculty_profile" ADD CONSTRAINT "faculty_profile_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faculty_profile" ADD CONSTRAINT "faculty_profile_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker" ADD CONSTRAINT "speaker_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webinar" ADD CONSTRAINT "webinar_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webinar_host" ADD CONSTRAINT "webinar_host_webinar_id_webinar_id_fk" FOREIGN KEY ("webinar_id") REFERENCES "public"."webinar"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webinar_host" ADD CONSTRAINT "webinar_host_faculty_id_faculty_profile_id_fk" FOREIGN KEY ("faculty_id") REFERENCES "public"."faculty_profile"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webinar_speaker" ADD CONSTRAINT "webinar_speaker_webinar_id_webinar_id_fk" FOREIGN KEY ("webinar_id") REFERENCES "public"."webinar"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webinar_speaker" ADD CONSTRAINT "webinar_speaker_speaker_id_speaker_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speaker"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "faculty_profile_slug_key" ON "faculty_profile" USING btree ("festival_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "faculty_profile_user_key" ON "faculty_profile" USING btree ("festival_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "festival_slug_key" ON "festival" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "speaker_slug_key" ON "speaker" USING btree ("festival_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "user_email_key" ON "user" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "webinar_slug_key" ON "webinar" USING btree ("festival_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "webinar_calendar_uid_key" ON "webinar" USING btree ("calendar_uid");--> statement-breakpoint
CREATE INDEX "webinar_festival_starts_idx" ON "webinar" USING btree ("festival_id","starts_at");--> statement-breakpoint
CREATE INDEX "webinar_host_faculty_idx" ON "webinar_host" USING btree ("faculty_id");--> statement-breakpoint
CREATE INDEX "webinar_speaker_speaker_idx" ON "webinar_speaker" USING btree ("speaker_id");