-- Sources of work (one task model with a source) and the acknowledgement (签收) of assignments.
CREATE TYPE "WorkSource" AS ENUM ('PLAN', 'SINGLE', 'INSTRUCTION', 'MEETING', 'HIGHER', 'NPC_PROPOSAL', 'CPPCC_PROPOSAL');
CREATE TYPE "AckState" AS ENUM ('PENDING', 'ACKNOWLEDGED', 'RETURNED');

ALTER TABLE "plan"
    ADD COLUMN "source" "WorkSource" NOT NULL DEFAULT 'PLAN',
    ADD COLUMN "leader_id" UUID,
    ADD COLUMN "created_by_id" UUID;
CREATE INDEX "plan_source_idx" ON "plan"("source");

ALTER TABLE "task" ADD COLUMN "source" "WorkSource" NOT NULL DEFAULT 'PLAN';
CREATE INDEX "task_source_idx" ON "task"("source");

ALTER TABLE "assignment"
    ADD COLUMN "ack_state" "AckState" NOT NULL DEFAULT 'PENDING',
    ADD COLUMN "ack_due_on" DATE,
    ADD COLUMN "acked_at" TIMESTAMPTZ(3),
    ADD COLUMN "acked_by_id" UUID,
    ADD COLUMN "return_reason" TEXT,
    ADD COLUMN "returned_at" TIMESTAMPTZ(3),
    ADD COLUMN "noticed_at" TIMESTAMPTZ(3),
    ADD COLUMN "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE INDEX "assignment_ack_state_ack_due_on_idx" ON "assignment"("ack_state", "ack_due_on");

-- Existing data: work that reached departments before notices existed sends no notice now, and work
-- already under way (the task moved on, or the department reported) counts as acknowledged. The
-- rest stays pending; its acknowledgement deadline is planned by the service (null = not planned).
UPDATE "assignment" SET "noticed_at" = CURRENT_TIMESTAMP;
UPDATE "assignment" a SET "ack_state" = 'ACKNOWLEDGED', "acked_at" = COALESCE(a."last_report_at", CURRENT_TIMESTAMP)
FROM "task" t
WHERE t."id" = a."task_id"
  AND (t."status" <> 'ASSIGNED' OR a."last_report_at" IS NOT NULL OR a."removed_at" IS NOT NULL);
