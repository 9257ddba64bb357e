CREATE SEQUENCE "public"."meeting_versions_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "meeting_versions" (
	"branch_id" uuid PRIMARY KEY NOT NULL,
	"v" bigint NOT NULL
);
--> statement-breakpoint
-- Every statement that writes meetings gives each branch it touched a new version, in its own
-- transaction (rows in branch order, so two writers never wait on each other crosswise).
CREATE FUNCTION "meeting_versions_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE meeting_versions SET v = nextval('meeting_versions_seq');
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO meeting_versions (branch_id, v)
      SELECT b, nextval('meeting_versions_seq') FROM (SELECT DISTINCT branch_id AS b FROM new_rows ORDER BY 1) t
      ON CONFLICT (branch_id) DO UPDATE SET v = excluded.v;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO meeting_versions (branch_id, v)
      SELECT b, nextval('meeting_versions_seq') FROM (SELECT branch_id AS b FROM new_rows UNION SELECT branch_id FROM old_rows ORDER BY 1) t
      ON CONFLICT (branch_id) DO UPDATE SET v = excluded.v;
  ELSE
    INSERT INTO meeting_versions (branch_id, v)
      SELECT b, nextval('meeting_versions_seq') FROM (SELECT DISTINCT branch_id AS b FROM old_rows ORDER BY 1) t
      ON CONFLICT (branch_id) DO UPDATE SET v = excluded.v;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "meetings_version_insert" AFTER INSERT ON "meetings" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "meeting_versions_bump"();--> statement-breakpoint
CREATE TRIGGER "meetings_version_update" AFTER UPDATE ON "meetings" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "meeting_versions_bump"();--> statement-breakpoint
CREATE TRIGGER "meetings_version_delete" AFTER DELETE ON "meetings" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "meeting_versions_bump"();--> statement-breakpoint
CREATE TRIGGER "meetings_version_truncate" AFTER TRUNCATE ON "meetings" FOR EACH STATEMENT EXECUTE FUNCTION "meeting_versions_bump"();
