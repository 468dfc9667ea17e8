CREATE TABLE "rate_limit" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "festival" ADD COLUMN "retention_days" integer DEFAULT 180 NOT NULL;--> statement-breakpoint
ALTER TABLE "festival" ADD COLUMN "personal_data_removed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "rate_limit_expire_idx" ON "rate_limit" USING btree ("expire");--> statement-breakpoint
ALTER TABLE "festival" ADD CONSTRAINT "festival_retention_days_range" CHECK ("festival"."retention_days" between 1 and 3650);