CREATE TYPE "public"."entry_status" AS ENUM('draft', 'submitted', 'shortlisted', 'declined');--> statement-breakpoint
CREATE TABLE "competition" (
	"festival_id" uuid PRIMARY KEY NOT NULL,
	"name" text DEFAULT 'Network90' NOT NULL,
	"entries_close_at" timestamp with time zone NOT NULL,
	"voting_opens_at" timestamp with time zone NOT NULL,
	"voting_closes_at" timestamp with time zone NOT NULL,
	"results_announced_at" timestamp with time zone,
	"criteria" jsonb DEFAULT '["Story", "Impact on the network", "Craft and accessibility"]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competition_judge" (
	"festival_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competition_judge_festival_id_user_id_pk" PRIMARY KEY("festival_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"festival_id" uuid NOT NULL,
	"user_id" uuid,
	"network_name" text NOT NULL,
	"region" text NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"video_key" text,
	"video_type" text,
	"video_bytes" bigint,
	"video_seconds" double precision,
	"video_url" text,
	"captions_key" text,
	"public_consent_at" timestamp with time zone,
	"status" "entry_status" DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"placing" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entry_placing_range" CHECK ("entry"."placing" is null or "entry"."placing" between 1 and 3),
	CONSTRAINT "entry_region_known" CHECK ("entry"."region" in ('North East', 'North West', 'Yorkshire and the Humber', 'East Midlands', 'West Midlands', 'East of England', 'London', 'South East', 'South West', 'Scotland', 'Wales', 'Northern Ireland'))
);
--> statement-breakpoint
CREATE TABLE "entry_score" (
	"entry_id" uuid NOT NULL,
	"judge_id" uuid NOT NULL,
	"criterion" text NOT NULL,
	"score" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entry_score_entry_id_judge_id_criterion_pk" PRIMARY KEY("entry_id","judge_id","criterion"),
	CONSTRAINT "entry_score_range" CHECK ("entry_score"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "resource" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"festival_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"file_key" text,
	"file_type" text,
	"file_bytes" bigint,
	"file_name" text,
	"url" text,
	"licence" text NOT NULL,
	"release_at" timestamp with time zone NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"downloads" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_file_or_link" CHECK (("resource"."file_key" is null) <> ("resource"."url" is null)),
	CONSTRAINT "resource_licence_known" CHECK ("resource"."licence" in ('CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', 'CC-BY-ND-4.0', 'CC-BY-NC-ND-4.0', 'CC0-1.0'))
);
--> statement-breakpoint
CREATE TABLE "vote" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"festival_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"user_id" uuid,
	"email" text NOT NULL,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_refusal" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"festival_id" uuid NOT NULL,
	"email" text NOT NULL,
	"ip" text,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "competition" ADD CONSTRAINT "competition_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_judge" ADD CONSTRAINT "competition_judge_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_judge" ADD CONSTRAINT "competition_judge_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry" ADD CONSTRAINT "entry_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry" ADD CONSTRAINT "entry_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry" ADD CONSTRAINT "entry_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_score" ADD CONSTRAINT "entry_score_entry_id_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_score" ADD CONSTRAINT "entry_score_judge_id_user_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource" ADD CONSTRAINT "resource_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource" ADD CONSTRAINT "resource_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote" ADD CONSTRAINT "vote_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote" ADD CONSTRAINT "vote_entry_id_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote" ADD CONSTRAINT "vote_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_refusal" ADD CONSTRAINT "vote_refusal_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "entry_user_key" ON "entry" USING btree ("festival_id","user_id");--> statement-breakpoint
CREATE INDEX "entry_status_idx" ON "entry" USING btree ("festival_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_slug_key" ON "resource" USING btree ("festival_id","slug");--> statement-breakpoint
CREATE INDEX "resource_release_idx" ON "resource" USING btree ("festival_id","release_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_email_key" ON "vote" USING btree ("festival_id","email");--> statement-breakpoint
CREATE INDEX "vote_entry_idx" ON "vote" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "vote_ip_idx" ON "vote" USING btree ("festival_id","ip","created_at");--> statement-breakpoint
CREATE INDEX "vote_refusal_festival_idx" ON "vote_refusal" USING btree ("festival_id","created_at");