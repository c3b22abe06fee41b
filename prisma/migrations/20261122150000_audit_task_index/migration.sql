-- A task's history includes events about its requests and reports, which carry the task in data.
-- (An expression index: schema.prisma cannot express it, so it lives only here.)
CREATE INDEX "audit_event_data_task_id_idx" ON "audit_event" (("data"->>'taskId'));
