CREATE TABLE "ledger_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"real_name" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_masked" text NOT NULL,
	"id_number_enc" text,
	"id_number_masked" text,
	"joined_at" date NOT NULL,
	"member_type" "member_type" NOT NULL,
	"enterprise_id" uuid,
	"branch_id" uuid,
	"member_id" uuid,
	"claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_members" ADD CONSTRAINT "ledger_members_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_members" ADD CONSTRAINT "ledger_members_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_members" ADD CONSTRAINT "ledger_members_branch_id_organizations_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_members" ADD CONSTRAINT "ledger_members_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_members_org_name_phone_uq" ON "ledger_members" USING btree ("org_id","real_name","phone_hash");--> statement-breakpoint
CREATE INDEX "ledger_members_enterprise_idx" ON "ledger_members" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "ledger_members_match_idx" ON "ledger_members" USING btree ("real_name","phone_hash");