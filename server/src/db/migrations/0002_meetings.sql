CREATE TYPE "public"."checkin_kind" AS ENUM('member', 'guest');--> statement-breakpoint
CREATE TYPE "public"."checkin_method" AS ENUM('qr', 'manual');--> statement-breakpoint
CREATE TYPE "public"."meeting_type" AS ENUM('branch_assembly', 'committee', 'group', 'lecture', 'theme_day', 'life_meeting', 'review', 'other');--> statement-breakpoint
CREATE TABLE "checkins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"member_id" uuid,
	"kind" "checkin_kind" NOT NULL,
	"method" "checkin_method" NOT NULL,
	"name" text NOT NULL,
	"company" text,
	"manual_reason" text,
	"recorded_by" uuid,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "checkins_manual_reason_check" CHECK ("checkins"."method" <> 'manual' OR "checkins"."manual_reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "meeting_leaves" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"branch_id" uuid NOT NULL,
	"type" "meeting_type" NOT NULL,
	"title" text NOT NULL,
	"agenda" text,
	"location" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"open" boolean DEFAULT false NOT NULL,
	"capacity" integer,
	"geo_lat" double precision,
	"geo_lng" double precision,
	"geo_radius_m" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	CONSTRAINT "meetings_time_order_check" CHECK ("meetings"."ends_at" > "meetings"."starts_at"),
	CONSTRAINT "meetings_capacity_check" CHECK ("meetings"."capacity" IS NULL OR "meetings"."capacity" > 0)
);
--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_leaves" ADD CONSTRAINT "meeting_leaves_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_leaves" ADD CONSTRAINT "meeting_leaves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_branch_id_organizations_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checkins_meeting_user_uq" ON "checkins" USING btree ("meeting_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_leaves_meeting_user_uq" ON "meeting_leaves" USING btree ("meeting_id","user_id");--> statement-breakpoint
CREATE INDEX "meetings_branch_starts_idx" ON "meetings" USING btree ("branch_id","starts_at");--> statement-breakpoint
CREATE INDEX "meetings_open_starts_idx" ON "meetings" USING btree ("open","starts_at");