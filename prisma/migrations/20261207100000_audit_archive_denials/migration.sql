-- Refusals (403) are counted, not written one row each: one counting row per (person or IP, route,
-- minute), bumped by an upsert; closed minutes are rolled up into ONE audit_event row each (with
-- data.count) and removed from here in the same statement. The trail itself stays append-only.
CREATE TABLE "access_denial_minute" (
    "actor_key" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" UUID,
    "role" TEXT,
    "source_ip" TEXT,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "request_id" TEXT,
    "entity_type" TEXT NOT NULL,
    "entity_ids" TEXT[],
    "task_id" TEXT,
    "count" INTEGER NOT NULL DEFAULT 1,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "access_denial_minute_pkey" PRIMARY KEY ("actor_key","route","minute")
);

CREATE INDEX "access_denial_minute_minute_idx" ON "access_denial_minute"("minute");

-- One row per archive file of the audit trail (`duban audit:archive`): what left the table, where
-- it went and the SHA-256 of the file. Append-only like the trail.
CREATE TABLE "audit_archive" (
    "id" BIGSERIAL NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL,
    "month" TEXT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "file_name" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL,
    "first_id" BIGINT NOT NULL,
    "last_id" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,

    CONSTRAINT "audit_archive_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "audit_archive_file_name_key" ON "audit_archive"("file_name");

CREATE FUNCTION "audit_archive_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_archive is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_archive_append_only"
BEFORE UPDATE OR DELETE ON "audit_archive"
FOR EACH ROW EXECUTE FUNCTION "audit_archive_append_only"();

-- The trail stays append-only for everyone, with one exception: the archiver may DELETE rows that
-- an audit_archive row (same transaction) already accounts for, when all of these hold:
--  * the transaction-local setting duban.audit_archive is 'on' (SET LOCAL by the archiver);
--  * the session user owns audit_event (the migration/owner connection, never the app role);
--  * the row lies in a recorded archive: its id within [first_id, last_id] and its time within
--    [period_start, period_end).
CREATE OR REPLACE FUNCTION "audit_event_append_only"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_setting('duban.audit_archive', true) = 'on'
     AND session_user = (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID)
     AND EXISTS (
       SELECT 1 FROM "audit_archive" a
       WHERE OLD."id" BETWEEN a."first_id" AND a."last_id"
         AND OLD."at" >= a."period_start" AND OLD."at" < a."period_end")
  THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
