-- Accounts for 等保2.0 三级: lockout per account, password rules (history, expiry, forced change),
-- TOTP second factor with recovery codes, server-side sessions (revocation, idle and absolute
-- limits), and the security policy the security administrator sets.

-- Existing accounts count as changed now, so nobody is suddenly expired by the new expiry rule.
ALTER TABLE "person"
  ADD COLUMN "password_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  ADD COLUMN "must_change_password" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "failed_logins" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "failed_logins_since" TIMESTAMPTZ(3),
  ADD COLUMN "locked_until" TIMESTAMPTZ(3),
  ADD COLUMN "totp_secret" TEXT,
  ADD COLUMN "totp_pending_secret" TEXT,
  ADD COLUMN "totp_enabled_at" TIMESTAMPTZ(3),
  ADD COLUMN "totp_last_step" BIGINT;

-- Earlier password hashes of a person (the current one is on person), newest first by created_at.
CREATE TABLE "password_history" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "person_id" UUID NOT NULL,
  "password_hash" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "password_history_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "password_history_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id")
    ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "password_history_person_id_created_at_idx" ON "password_history"("person_id", "created_at");

-- One-time recovery codes of the second factor, stored as SHA-256 of the normalized code.
CREATE TABLE "recovery_code" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "person_id" UUID NOT NULL,
  "code_hash" TEXT NOT NULL,
  "used_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "recovery_code_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "recovery_code_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id")
    ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "recovery_code_person_id_code_hash_key" ON "recovery_code"("person_id", "code_hash");

-- A sign-in: access tokens carry its id (`sid`) and refresh tokens belong to it. Ending it (logout,
-- idle or absolute limit, disable, password change, refresh-token reuse) refuses both at once.
CREATE TABLE "auth_session" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "person_id" UUID NOT NULL,
  "scope" TEXT NOT NULL DEFAULT 'full',
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
  "ended_at" TIMESTAMPTZ(3),
  "end_reason" TEXT,
  "source_ip" TEXT,
  CONSTRAINT "auth_session_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "auth_session_scope_check" CHECK ("scope" IN ('full', 'password', 'totp_enrol')),
  CONSTRAINT "auth_session_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id")
    ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "auth_session_person_id_idx" ON "auth_session"("person_id");

-- Refresh tokens issued before sessions existed have none: they are refused (sign in again).
ALTER TABLE "refresh_token" ADD COLUMN "session_id" UUID;
ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_session_id_fkey" FOREIGN KEY ("session_id")
  REFERENCES "auth_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "refresh_token_session_id_idx" ON "refresh_token"("session_id");

-- The security policy: one row, created with the defaults of the run mode on first read.
CREATE TABLE "security_policy" (
  "id" SMALLINT NOT NULL DEFAULT 1,
  "rules" JSONB NOT NULL,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_by" UUID,
  CONSTRAINT "security_policy_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "security_policy_one_row" CHECK ("id" = 1)
);

-- Every process caches live sessions (src/modules/auth/person-cache.ts) and forgets one the moment
-- it ends or its scope changes, whoever changes it.
CREATE FUNCTION auth_session_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('session_changed', '*');
  ELSE
    PERFORM pg_notify('session_changed', OLD.id::text);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER auth_session_changed_update AFTER UPDATE ON "auth_session" FOR EACH ROW
  WHEN (OLD.ended_at IS DISTINCT FROM NEW.ended_at OR OLD.scope IS DISTINCT FROM NEW.scope)
  EXECUTE FUNCTION auth_session_changed_notify();

CREATE TRIGGER auth_session_changed_delete AFTER DELETE ON "auth_session" FOR EACH ROW
  EXECUTE FUNCTION auth_session_changed_notify();

CREATE TRIGGER auth_session_changed_truncate AFTER TRUNCATE ON "auth_session" FOR EACH STATEMENT
  EXECUTE FUNCTION auth_session_changed_notify();
