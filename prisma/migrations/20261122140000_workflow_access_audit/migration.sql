-- CreateEnum
CREATE TYPE "TaskRequestKind" AS ENUM ('CLOSURE', 'EXTENSION', 'DISPUTE');

-- CreateEnum
CREATE TYPE "TaskRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('LINK', 'FILE');

-- AlterEnum
ALTER TYPE "TaskStatus" ADD VALUE 'DISPUTED';

-- AlterEnum
ALTER TYPE "EscalationLevel" ADD VALUE 'LAGGING';

-- AlterTable
ALTER TABLE "task" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "assignment" ADD COLUMN     "sub_due_on" DATE;

-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "after" JSONB,
ADD COLUMN     "before" JSONB,
ADD COLUMN     "request_id" TEXT,
ADD COLUMN     "source_ip" TEXT;

-- CreateTable
CREATE TABLE "task_request" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "task_id" UUID NOT NULL,
    "department_id" UUID NOT NULL,
    "kind" "TaskRequestKind" NOT NULL,
    "status" "TaskRequestStatus" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT NOT NULL,
    "summary" TEXT,
    "proposed_due_on" DATE,
    "requested_by_id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "decision_reason" TEXT,

    CONSTRAINT "task_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "task_id" UUID NOT NULL,
    "request_id" UUID,
    "report_id" UUID,
    "kind" "EvidenceKind" NOT NULL,
    "url" TEXT,
    "file_name" TEXT,
    "stored_path" TEXT,
    "size" INTEGER,
    "mime_type" TEXT,
    "sha256" TEXT,
    "uploaded_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refresh_token" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "person_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "replaced_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refresh_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leader_department" (
    "leader_id" UUID NOT NULL,
    "department_id" UUID NOT NULL,

    CONSTRAINT "leader_department_pkey" PRIMARY KEY ("leader_id","department_id")
);

-- CreateIndex
CREATE INDEX "task_request_task_id_status_idx" ON "task_request"("task_id", "status");

-- CreateIndex
CREATE INDEX "task_request_status_kind_idx" ON "task_request"("status", "kind");

-- CreateIndex
CREATE INDEX "evidence_task_id_idx" ON "evidence"("task_id");

-- CreateIndex
CREATE UNIQUE INDEX "refresh_token_token_hash_key" ON "refresh_token"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_token_person_id_idx" ON "refresh_token"("person_id");

-- CreateIndex
CREATE INDEX "leader_department_department_id_idx" ON "leader_department"("department_id");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- AddForeignKey
ALTER TABLE "task_request" ADD CONSTRAINT "task_request_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "task_request"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leader_department" ADD CONSTRAINT "leader_department_leader_id_fkey" FOREIGN KEY ("leader_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leader_department" ADD CONSTRAINT "leader_department_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The audit trail is append-only, enforced by PostgreSQL itself: no role may change or delete a
-- row (the application role is also refused TRUNCATE; see scripts/services.ts).
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_event_append_only"
BEFORE UPDATE OR DELETE ON "audit_event"
FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
