CREATE TABLE "login_token" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"code_hash" text NOT NULL,
	"code_attempts" integer DEFAULT 0 NOT NULL,
	"requested_ip" text,
	"redirect_to" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "login_token_hash_key" ON "login_token" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "login_token_email_idx" ON "login_token" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "login_token_ip_idx" ON "login_token" USING btree ("requested_ip","created_at");