-- AlterTable
ALTER TABLE "reminder" ADD COLUMN     "period_start" DATE;

