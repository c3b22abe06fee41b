-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('HOLIDAY', 'MAKEUP_WORKDAY');

-- CreateEnum
CREATE TYPE "RobotKind" AS ENUM ('WECOM', 'DINGTALK', 'FEISHU');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReminderKind" ADD VALUE 'REPORT_DUE';
ALTER TYPE "ReminderKind" ADD VALUE 'REPORT_MISSED';

-- AlterTable
ALTER TABLE "person" ADD COLUMN     "channels" "Channel"[] DEFAULT ARRAY['EMAIL', 'INBOX']::"Channel"[];

-- AlterTable
ALTER TABLE "plan" ADD COLUMN     "policy" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "delivery" ADD COLUMN     "not_before" TIMESTAMPTZ(3),
ADD COLUMN     "payload" JSONB,
ADD COLUMN     "read_at" TIMESTAMPTZ(3),
ADD COLUMN     "urgent" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "calendar_year" (
    "year" INTEGER NOT NULL,
    "provisional" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_year_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "calendar_day" (
    "date" DATE NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" TEXT,

    CONSTRAINT "calendar_day_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "robot" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "RobotKind" NOT NULL,
    "name" TEXT NOT NULL,
    "webhook_url" TEXT NOT NULL,
    "secret" TEXT,
    "department_id" UUID,
    "per_minute" INTEGER NOT NULL DEFAULT 20,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "robot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "calendar_day_year_idx" ON "calendar_day"("year");

-- CreateIndex
CREATE UNIQUE INDEX "robot_department_id_kind_key" ON "robot"("department_id", "kind");

-- CreateIndex
CREATE INDEX "delivery_recipient_id_channel_read_at_idx" ON "delivery"("recipient_id", "channel", "read_at");

-- AddForeignKey
ALTER TABLE "calendar_day" ADD CONSTRAINT "calendar_day_year_fkey" FOREIGN KEY ("year") REFERENCES "calendar_year"("year") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "robot" ADD CONSTRAINT "robot_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

