CREATE TYPE "public"."transfer_kind" AS ENUM('transfer_in', 'transfer_out', 'mobile_in', 'mobile_out');--> statement-breakpoint
CREATE TYPE "public"."transfer_status" AS ENUM('submitted', 'returned', 'accepted', 'completed', 'rejected', 'cancelled', 'expired');--> statement-breakpoint
ALTER TYPE "public"."checkin_kind" ADD VALUE 'mobile';--> statement-breakpoint
CREATE TABLE "transfer_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transfer_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"from_status" "transfer_status",
	"to_status" "transfer_status" NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "transfer_kind" NOT NULL,
	"status" "transfer_status" DEFAULT 'submitted' NOT NULL,
	"user_id" uuid NOT NULL,
	"applicant_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"member_type" "member_type",
	"joined_at" date,
	"from_org_id" uuid,
	"from_org_name" text NOT NULL,
	"to_org_id" uuid,
	"to_org_name" text NOT NULL,
	"review_org_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"letter_no" text,
	"letter_issued_at" date,
	"letter_valid_until" date NOT NULL,
	"left_at" date,
	"expected_return_at" date,
	"fixed_place" boolean,
	"return_reason" text,
	"reject_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "transfers_reject_reason_check" CHECK ("transfers"."status" <> 'rejected' OR "transfers"."reject_reason" IS NOT NULL),
	CONSTRAINT "transfers_return_reason_check" CHECK ("transfers"."status" <> 'returned' OR "transfers"."return_reason" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_org_id_organizations_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_org_id_organizations_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_review_org_id_organizations_id_fk" FOREIGN KEY ("review_org_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transfer_events_transfer_idx" ON "transfer_events" USING btree ("transfer_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_one_open_per_user_uq" ON "transfers" USING btree ("user_id") WHERE "transfers"."status" IN ('submitted', 'returned');--> statement-breakpoint
CREATE INDEX "transfers_user_idx" ON "transfers" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "transfers_review_org_status_idx" ON "transfers" USING btree ("review_org_id","status");--> statement-breakpoint
CREATE INDEX "transfers_from_org_idx" ON "transfers" USING btree ("from_org_id");--> statement-breakpoint
CREATE INDEX "transfers_to_org_idx" ON "transfers" USING btree ("to_org_id");