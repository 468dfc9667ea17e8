ALTER TABLE "festival" ADD COLUMN "reminder_offsets_minutes" integer[] DEFAULT '{1440,15}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "webinar_id" uuid;--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "email_announcements" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_webinar_id_webinar_id_fk" FOREIGN KEY ("webinar_id") REFERENCES "public"."webinar"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_planned_idx" ON "outbox" USING btree ("webinar_id","user_id","kind") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_user_idx" ON "outbox" USING btree ("user_id","kind") WHERE "outbox"."status" = 'pending';