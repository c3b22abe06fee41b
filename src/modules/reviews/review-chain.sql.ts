import { Prisma } from '../../generated/prisma/client';
import type { ReviewStage } from '../../generated/prisma/enums';
import { taskInScopeSql } from '../auth/access-policy.sql';
import type { Scope } from '../auth/scope';

/**
 * A closure request's review steps, in one statement: one row per stage in order, the first
 * entered now. A first step already settled (the head asking for closure themselves) is stored
 * decided, and the step after it entered instead.
 */
export function insertSteps(
  requestId: string,
  stages: ReviewStage[],
  now: Date,
  settledFirst: { byId: string; reason: string } | null,
): Prisma.Sql {
  const current = settledFirst ? 1 : 0;
  return Prisma.sql`
    INSERT INTO review_step
      (request_id, stage, ordinal, status, entered_at, decided_by_id, reason, decided_at)
    SELECT ${requestId}::uuid, s.stage::"ReviewStage", s.ordinal - 1,
           CASE WHEN s.ordinal - 1 < ${current} THEN 'APPROVED' ELSE 'PENDING' END::"ReviewStepStatus",
           CASE WHEN s.ordinal - 1 <= ${current} THEN ${now}::timestamptz END,
           CASE WHEN s.ordinal - 1 < ${current} THEN ${settledFirst?.byId ?? null}::uuid END,
           CASE WHEN s.ordinal - 1 < ${current} THEN ${settledFirst?.reason ?? null}::text END,
           CASE WHEN s.ordinal - 1 < ${current} THEN ${now}::timestamptz END
    FROM unnest(${stages}::text[]) WITH ORDINALITY AS s(stage, ordinal)`;
}

/** The request, its task's version and the container's leader, the request locked until commit. */
export interface LockedRequestRow {
  id: string;
  task_id: string;
  department_id: string;
  kind: string;
  status: string;
  stage: ReviewStage | null;
  task_version: number;
  leader_id: string | null;
}

export function lockRequest(requestId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT r.id, r.task_id, r.department_id, r.kind::text, r.status::text, r.stage,
           t.version AS task_version, p.leader_id
    FROM task_request r JOIN task t ON t.id = r.task_id JOIN plan p ON p.id = t.plan_id
    WHERE r.id = ${requestId}::uuid
    FOR UPDATE OF r`;
}

/** One message to send about a waiting step: a holder (null = nobody holds it) and the task. */
export interface StepHolderRow {
  step_id: string;
  stage: ReviewStage;
  entered_at: Date;
  recipient_id: string | null;
  task_id: string;
  task_no: number;
  task_text: string;
  due_on: Date | null;
  plan_title: string;
  plan_policy: unknown;
  department_name: string;
}

/**
 * The holders of the steps `stepIds`: the active heads of the lead department, the active
 * supervision staff of the container's office (its region; the top office for none), the leader
 * named on the container. A step nobody holds gives one row with a null recipient (a visible
 * failed delivery, never a silent drop). Deputies get their copies from the delivery routing.
 */
export function selectStepHolders(stepIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT s.id AS step_id, s.stage, s.entered_at, h.person_id AS recipient_id,
           t.id AS task_id, t.no AS task_no, t.text AS task_text, t.due_on,
           p.title AS plan_title, p.policy AS plan_policy, d.name AS department_name
    FROM review_step s
    JOIN task_request r ON r.id = s.request_id
    JOIN task t ON t.id = r.task_id
    JOIN plan p ON p.id = t.plan_id
    JOIN department d ON d.id = r.department_id
    LEFT JOIN LATERAL (
      SELECT pe.id AS person_id FROM person pe
      WHERE s.stage = 'HEAD' AND pe.active AND pe.role = 'HEAD' AND pe.department_id = r.department_id
      UNION
      SELECT pe.id FROM person pe
      WHERE s.stage = 'OFFICE' AND pe.active AND pe.role = 'SUPERVISOR'
        AND pe.region_id IS NOT DISTINCT FROM p.region_id
      UNION
      SELECT pe.id FROM person pe
      WHERE s.stage = 'LEADER' AND pe.active AND pe.id = p.leader_id
    ) h ON true
    WHERE s.id = ANY(${stepIds}::uuid[])
    ORDER BY s.id, h.person_id`;
}

/** Marks the waiting steps not yet announced as announced; their ids. */
export function claimUnnoticedSteps(now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE review_step SET noticed_at = ${now}
    WHERE status = 'PENDING' AND entered_at IS NOT NULL AND noticed_at IS NULL
    RETURNING id`;
}

/** Steps still waiting, announced and not yet reminded (the reminder sweep's candidates). */
export function selectUnremindedSteps(): Prisma.Sql {
  return Prisma.sql`
    SELECT id, entered_at FROM review_step
    WHERE status = 'PENDING' AND entered_at IS NOT NULL AND noticed_at IS NOT NULL
      AND reminded_at IS NULL`;
}

/** Marks the steps `ids` reminded, those not already; their ids (two sweeps at once: one wins). */
export function claimReminders(ids: string[], now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE review_step SET reminded_at = ${now}
    WHERE id = ANY(${ids}::uuid[]) AND status = 'PENDING' AND reminded_at IS NULL
    RETURNING id`;
}

/**
 * The pending closure requests whose waiting step the caller holds: a head's (or their deputy's)
 * department at the HEAD stage, the office's scope at the OFFICE stage, the leader named on the
 * container at the LEADER stage. Oldest first.
 */
export function selectMyReviews(
  scope: Scope,
  holds: { headDepartmentIds: string[]; office: boolean; leaderId: string | null },
  limit: number,
): Prisma.Sql {
  const office = holds.office
    ? Prisma.sql`OR (r.stage = 'OFFICE' ${taskInScopeSql(scope, 't')})`
    : Prisma.empty;
  return Prisma.sql`
    SELECT r.id FROM task_request r
    JOIN task t ON t.id = r.task_id JOIN plan p ON p.id = t.plan_id
    WHERE r.status = 'PENDING' AND r.kind = 'CLOSURE' AND (
      (r.stage = 'HEAD' AND r.department_id = ANY(${holds.headDepartmentIds}::uuid[]))
      OR (r.stage = 'LEADER' AND p.leader_id = ${holds.leaderId}::uuid)
      ${office}
    )
    ORDER BY r.requested_at, r.id
    LIMIT ${limit}`;
}
