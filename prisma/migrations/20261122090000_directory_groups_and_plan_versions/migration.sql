-- AlterEnum
ALTER TYPE "TaskStatus" ADD VALUE 'WITHDRAWN';

-- DropIndex
DROP INDEX "plan_content_hash_key";

-- AlterTable
ALTER TABLE "plan" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "assignment" ADD COLUMN     "removed_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "department_group_member" (
    "group_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,

    CONSTRAINT "department_group_member_pkey" PRIMARY KEY ("group_id","member_id")
);

-- CreateTable
CREATE TABLE "plan_version" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "plan_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "content_hash" TEXT NOT NULL,
    "source_name" TEXT NOT NULL,
    "diff" JSONB NOT NULL DEFAULT '{}',
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plan_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "department_group_member_member_id_idx" ON "department_group_member"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "plan_version_content_hash_key" ON "plan_version"("content_hash");

-- CreateIndex
CREATE UNIQUE INDEX "plan_version_plan_id_version_key" ON "plan_version"("plan_id", "version");

-- CreateIndex
CREATE INDEX "plan_document_number_idx" ON "plan"("document_number");

-- AddForeignKey
ALTER TABLE "department_group_member" ADD CONSTRAINT "department_group_member_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_group_member" ADD CONSTRAINT "department_group_member_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill: every existing plan is its own version 1.
INSERT INTO "plan_version" ("plan_id", "version", "content_hash", "source_name", "imported_at")
SELECT "id", 1, "content_hash", "source_name", "imported_at" FROM "plan";
