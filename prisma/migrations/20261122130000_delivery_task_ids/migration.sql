-- AlterTable
ALTER TABLE "delivery" ADD COLUMN     "task_ids" UUID[] DEFAULT ARRAY[]::UUID[];

-- CreateIndex
CREATE INDEX "delivery_task_ids_idx" ON "delivery" USING GIN ("task_ids");


-- Backfill: single-task messages.
UPDATE "delivery" SET "task_ids" = ARRAY["task_id"] WHERE "task_id" IS NOT NULL;
