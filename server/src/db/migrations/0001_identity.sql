CREATE TYPE "public"."declaration_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."post_kind" AS ENUM('pioneer_post', 'model_post', 'responsibility_area');--> statement-breakpoint
CREATE TABLE "declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	"real_name" text NOT NULL,
	"phone" text NOT NULL,
	"joined_at" date NOT NULL,
	"member_type" "member_type" NOT NULL,
	"origin_org" text,
	"position" text,
	"pledge" text,
	"id_number_enc" text,
	"id_number_masked" text,
	"status" "declaration_status" DEFAULT 'pending' NOT NULL,
	"reject_reason" text,
	"reviewer_id" uuid,
	"reviewed_at" timestamp with time zone,
	"member_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "declarations_reject_reason_check" CHECK ("declarations"."status" <> 'rejected' OR "declarations"."reject_reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "member_cards" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"epoch" integer DEFAULT 1 NOT NULL,
	"pledge" text,
	"position" text,
	"show_name" boolean DEFAULT true NOT NULL,
	"show_branch" boolean DEFAULT true NOT NULL,
	"show_posts" boolean DEFAULT true NOT NULL,
	"show_pledge" boolean DEFAULT true NOT NULL,
	"on_wall" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" "post_kind" NOT NULL,
	"title" text NOT NULL,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_branch_id_organizations_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_cards" ADD CONSTRAINT "member_cards_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_posts" ADD CONSTRAINT "member_posts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_posts" ADD CONSTRAINT "member_posts_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "declarations_one_pending_per_user_uq" ON "declarations" USING btree ("user_id") WHERE "declarations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "declarations_branch_status_idx" ON "declarations" USING btree ("branch_id","status","created_at");--> statement-breakpoint
CREATE INDEX "member_posts_member_idx" ON "member_posts" USING btree ("member_id");