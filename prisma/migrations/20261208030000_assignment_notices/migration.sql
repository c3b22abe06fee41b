-- Assignment notices (交办通知, 交〔年〕N号 per office and year), issued bulletins (通报〔年〕N号), their
-- counters, and what an email attaches (rendered at send time from these rows).
-- The office of the top level is a null region: the unique keys are NULLS NOT DISTINCT (PostgreSQL 15)
-- so that the top office's numbers are unique too.

CREATE TABLE "assignment_notice" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "region_id" UUID,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "plan_id" UUID NOT NULL,
    "department_id" UUID NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "assignment_notice_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "assignment_notice_region_id_year_seq_key" ON "assignment_notice"("region_id", "year", "seq") NULLS NOT DISTINCT;
CREATE INDEX "assignment_notice_department_id_idx" ON "assignment_notice"("department_id");
CREATE INDEX "assignment_notice_plan_id_idx" ON "assignment_notice"("plan_id");
ALTER TABLE "assignment_notice" ADD CONSTRAINT "assignment_notice_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "assignment_notice" ADD CONSTRAINT "assignment_notice_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "assignment_notice" ADD CONSTRAINT "assignment_notice_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "assignment_notice_item" (
    "notice_id" UUID NOT NULL,
    "assignment_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "role" "AssignmentRole" NOT NULL,
    CONSTRAINT "assignment_notice_item_pkey" PRIMARY KEY ("notice_id", "assignment_id")
);
CREATE INDEX "assignment_notice_item_assignment_id_idx" ON "assignment_notice_item"("assignment_id");
CREATE INDEX "assignment_notice_item_task_id_idx" ON "assignment_notice_item"("task_id");
ALTER TABLE "assignment_notice_item" ADD CONSTRAINT "assignment_notice_item_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "assignment_notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "assignment_notice_item" ADD CONSTRAINT "assignment_notice_item_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "document_sequence" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "series" TEXT NOT NULL,
    "region_id" UUID,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "document_sequence_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "document_sequence_series_region_id_year_key" ON "document_sequence"("series", "region_id", "year") NULLS NOT DISTINCT;

CREATE TABLE "bulletin" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "region_id" UUID,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "plan_id" UUID,
    "period_from" DATE NOT NULL,
    "period_to" DATE NOT NULL,
    "content" JSONB NOT NULL,
    "issued_by_id" UUID NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "bulletin_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "bulletin_region_id_year_seq_key" ON "bulletin"("region_id", "year", "seq") NULLS NOT DISTINCT;
CREATE INDEX "bulletin_issued_at_idx" ON "bulletin"("issued_at");
ALTER TABLE "bulletin" ADD CONSTRAINT "bulletin_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "delivery" ADD COLUMN "attachment" JSONB;

-- The arrival follow-up looks for assignments whose notice is not yet issued (noticed_at IS NULL).
CREATE INDEX "assignment_noticed_at_idx" ON "assignment"("noticed_at");
