-- The closure review chain (审核), reports entered on a department's behalf (代报) and deputies (委托).
CREATE TYPE "ReviewStage" AS ENUM ('HEAD', 'OFFICE', 'LEADER');
CREATE TYPE "ReviewStepStatus" AS ENUM ('PENDING', 'APPROVED', 'RETURNED', 'SKIPPED');
CREATE TYPE "OnBehalfChannel" AS ENUM ('PHONE', 'PAPER', 'OTHER');

ALTER TABLE "task_request"
    ADD COLUMN "stage" "ReviewStage",
    ADD COLUMN "acting_for_id" UUID;

ALTER TABLE "progress_report"
    ADD COLUMN "entered_by_id" UUID,
    ADD COLUMN "on_behalf_channel" "OnBehalfChannel",
    ADD COLUMN "received_on" DATE,
    ADD COLUMN "acting_for_id" UUID;

ALTER TABLE "progress_report" ADD CONSTRAINT "progress_report_entered_by_id_fkey"
    FOREIGN KEY ("entered_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "progress_report" ADD CONSTRAINT "progress_report_acting_for_id_fkey"
    FOREIGN KEY ("acting_for_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "assignment" ADD COLUMN "acked_acting_for_id" UUID;

CREATE TABLE "review_step" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "request_id" UUID NOT NULL,
    "stage" "ReviewStage" NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "status" "ReviewStepStatus" NOT NULL DEFAULT 'PENDING',
    "entered_at" TIMESTAMPTZ(3),
    "decided_by_id" UUID,
    "acting_for_id" UUID,
    "reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "noticed_at" TIMESTAMPTZ(3),
    "reminded_at" TIMESTAMPTZ(3),
    CONSTRAINT "review_step_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "review_step_request_id_stage_key" ON "review_step"("request_id", "stage");
CREATE INDEX "review_step_status_entered_at_idx" ON "review_step"("status", "entered_at");
ALTER TABLE "review_step" ADD CONSTRAINT "review_step_request_id_fkey"
    FOREIGN KEY ("request_id") REFERENCES "task_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "review_step" ADD CONSTRAINT "review_step_decided_by_id_fkey"
    FOREIGN KEY ("decided_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "review_step" ADD CONSTRAINT "review_step_acting_for_id_fkey"
    FOREIGN KEY ("acting_for_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "deputy" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "person_id" UUID NOT NULL,
    "deputy_id" UUID NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "deputy_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "deputy_person_id_starts_on_idx" ON "deputy"("person_id", "starts_on");
CREATE INDEX "deputy_deputy_id_starts_on_idx" ON "deputy"("deputy_id", "starts_on");
ALTER TABLE "deputy" ADD CONSTRAINT "deputy_person_id_fkey"
    FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deputy" ADD CONSTRAINT "deputy_deputy_id_fkey"
    FOREIGN KEY ("deputy_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Closure requests pending today keep today's behaviour: the office's one step, already noticed.
INSERT INTO "review_step" ("request_id", "stage", "ordinal", "entered_at", "noticed_at", "reminded_at")
SELECT r."id", 'OFFICE', 0, r."requested_at", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM "task_request" r WHERE r."kind" = 'CLOSURE' AND r."status" = 'PENDING';
UPDATE "task_request" SET "stage" = 'OFFICE' WHERE "kind" = 'CLOSURE' AND "status" = 'PENDING';
