-- Supervision views (issue 7): per-department iCal feeds, and the dashboards' index.

-- CreateTable
CREATE TABLE "department_calendar_feed" (
    "department_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "department_calendar_feed_pkey" PRIMARY KEY ("department_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "department_calendar_feed_token_hash_key" ON "department_calendar_feed"("token_hash");

-- AddForeignKey
ALTER TABLE "department_calendar_feed" ADD CONSTRAINT "department_calendar_feed_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Open tasks by deadline (partial: schema.prisma cannot say WHERE). Overdue and due-soon lists and
-- counts read only open tasks, a small share of a plan's history once most tasks are closed.
-- Keep the status list in step with OPEN_STATUSES (src/modules/tasks/task-deadline.ts).
CREATE INDEX "task_open_due_on_idx" ON "task" ("due_on")
  WHERE "status" IN ('ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED');
