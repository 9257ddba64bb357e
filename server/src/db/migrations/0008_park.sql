CREATE TYPE "public"."enterprise_type" AS ENUM('non_public', 'social_org', 'platform');--> statement-breakpoint
CREATE TABLE "enterprise_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"holder_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"role" "role_name" NOT NULL,
	"title" text,
	"invitee_name" text NOT NULL,
	"targets" jsonb DEFAULT '{"branchIds":[],"enterpriseIds":[]}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "enterprises" ALTER COLUMN "branch_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "org_id" uuid;--> statement-breakpoint
-- Enterprises registered before the ledger: held by the committee (or 党总支) above their branch.
UPDATE "enterprises" e SET "org_id" = COALESCE(o."parent_id", o."id") FROM "organizations" o WHERE o."id" = e."branch_id";--> statement-breakpoint
ALTER TABLE "enterprises" ALTER COLUMN "org_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "type" "enterprise_type" DEFAULT 'non_public' NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "industry" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "address" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "employee_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "enterprise_id" uuid;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "formed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "dissolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD COLUMN "holder_name" text;--> statement-breakpoint
ALTER TABLE "enterprise_assignments" ADD CONSTRAINT "enterprise_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_assignments" ADD CONSTRAINT "enterprise_assignments_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_assignments" ADD CONSTRAINT "enterprise_assignments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_assignments_user_ent_uq" ON "enterprise_assignments" USING btree ("user_id","enterprise_id");--> statement-breakpoint
CREATE INDEX "enterprise_assignments_ent_idx" ON "enterprise_assignments" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "invitations_org_idx" ON "invitations" USING btree ("org_id","created_at");--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enterprises_org_idx" ON "enterprises" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "members_enterprise_idx" ON "members" USING btree ("enterprise_id");