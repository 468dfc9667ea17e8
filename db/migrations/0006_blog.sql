CREATE TYPE "public"."post_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TABLE "post" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"festival_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"cover_image_url" text,
	"cover_image_alt" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "post_status" DEFAULT 'draft' NOT NULL,
	"publish_at" timestamp with time zone,
	"working_copy" jsonb,
	"working_saved_at" timestamp with time zone,
	"working_saved_by" uuid,
	"revision" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"content_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_published_has_time" CHECK ("post"."status" = 'draft' or "post"."publish_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "post_author" (
	"post_id" uuid NOT NULL,
	"faculty_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "post_author_post_id_faculty_id_pk" PRIMARY KEY("post_id","faculty_id")
);
--> statement-breakpoint
CREATE TABLE "post_webinar" (
	"post_id" uuid NOT NULL,
	"webinar_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "post_webinar_post_id_webinar_id_pk" PRIMARY KEY("post_id","webinar_id")
);
--> statement-breakpoint
CREATE TABLE "slug_redirect" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"festival_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"old_slug" text NOT NULL,
	"target_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "post" ADD CONSTRAINT "post_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post" ADD CONSTRAINT "post_working_saved_by_user_id_fk" FOREIGN KEY ("working_saved_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post" ADD CONSTRAINT "post_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_author" ADD CONSTRAINT "post_author_post_id_post_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."post"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_author" ADD CONSTRAINT "post_author_faculty_id_faculty_profile_id_fk" FOREIGN KEY ("faculty_id") REFERENCES "public"."faculty_profile"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_webinar" ADD CONSTRAINT "post_webinar_post_id_post_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."post"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_webinar" ADD CONSTRAINT "post_webinar_webinar_id_webinar_id_fk" FOREIGN KEY ("webinar_id") REFERENCES "public"."webinar"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slug_redirect" ADD CONSTRAINT "slug_redirect_festival_id_festival_id_fk" FOREIGN KEY ("festival_id") REFERENCES "public"."festival"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "post_slug_key" ON "post" USING btree ("festival_id","slug");--> statement-breakpoint
CREATE INDEX "post_public_idx" ON "post" USING btree ("festival_id","status","publish_at");--> statement-breakpoint
CREATE INDEX "post_tags_idx" ON "post" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "post_author_faculty_idx" ON "post_author" USING btree ("faculty_id");--> statement-breakpoint
CREATE INDEX "post_webinar_webinar_idx" ON "post_webinar" USING btree ("webinar_id");--> statement-breakpoint
CREATE UNIQUE INDEX "slug_redirect_key" ON "slug_redirect" USING btree ("festival_id","kind","old_slug");