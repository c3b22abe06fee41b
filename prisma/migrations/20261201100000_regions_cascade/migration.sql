-- CreateEnum
CREATE TYPE "RegionLevel" AS ENUM ('PROVINCE', 'CITY', 'COUNTY');

-- CreateTable
CREATE TABLE "region" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "RegionLevel" NOT NULL,
    "parent_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "region_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "department_counterpart" (
    "department_id" UUID NOT NULL,
    "region_id" UUID NOT NULL,
    "counterpart_id" UUID NOT NULL,

    CONSTRAINT "department_counterpart_pkey" PRIMARY KEY ("department_id","region_id")
);

-- AlterTable
ALTER TABLE "department" ADD COLUMN     "region_id" UUID;

-- AlterTable
ALTER TABLE "person" ADD COLUMN     "region_id" UUID;

-- AlterTable
ALTER TABLE "plan" ADD COLUMN     "parent_plan_id" UUID,
ADD COLUMN     "published_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "region_id" UUID;

-- Every plan imported so far was published when it was committed.
UPDATE "plan" SET "published_at" = "imported_at";

-- AlterTable
ALTER TABLE "task" ADD COLUMN     "parent_task_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "region_code_key" ON "region"("code");

-- CreateIndex
CREATE INDEX "region_parent_id_idx" ON "region"("parent_id");

-- CreateIndex
CREATE INDEX "department_counterpart_region_id_idx" ON "department_counterpart"("region_id");

-- CreateIndex
CREATE INDEX "department_counterpart_counterpart_id_idx" ON "department_counterpart"("counterpart_id");

-- CreateIndex
CREATE INDEX "department_region_id_idx" ON "department"("region_id");

-- CreateIndex
CREATE INDEX "plan_region_id_idx" ON "plan"("region_id");

-- CreateIndex
CREATE UNIQUE INDEX "plan_parent_plan_id_region_id_key" ON "plan"("parent_plan_id", "region_id");

-- CreateIndex
CREATE INDEX "task_parent_task_id_idx" ON "task"("parent_task_id");

-- AddForeignKey
ALTER TABLE "department" ADD CONSTRAINT "department_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan" ADD CONSTRAINT "plan_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan" ADD CONSTRAINT "plan_parent_plan_id_fkey" FOREIGN KEY ("parent_plan_id") REFERENCES "plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_parent_task_id_fkey" FOREIGN KEY ("parent_task_id") REFERENCES "task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "region" ADD CONSTRAINT "region_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_counterpart" ADD CONSTRAINT "department_counterpart_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_counterpart" ADD CONSTRAINT "department_counterpart_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_counterpart" ADD CONSTRAINT "department_counterpart_counterpart_id_fkey" FOREIGN KEY ("counterpart_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A region's parent chain must not loop back to it (also checked by the API, with a clear message).
CREATE FUNCTION region_no_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_id IS NOT NULL AND EXISTS (
    WITH RECURSIVE up(id) AS (
      SELECT NEW.parent_id
      UNION
      SELECT r.parent_id FROM region r JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL
    )
    SELECT 1 FROM up WHERE id = NEW.id
  ) THEN
    RAISE EXCEPTION 'region hierarchy cycle at %', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER region_no_cycle BEFORE INSERT OR UPDATE OF parent_id ON "region"
  FOR EACH ROW EXECUTE FUNCTION region_no_cycle();
