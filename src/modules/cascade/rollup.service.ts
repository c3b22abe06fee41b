import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { fromDbDate, localDateOf, toDbDate } from '../../common/time/local-date';
import { ONGOING_DUE_ON } from '../plan-policy/plan-policy';

/** How a region's task stands, worst first. */
export const CHILD_STATES = [
  'red',
  'yellow',
  'overdue',
  'lagging',
  'on_track',
  'closed',
  'withdrawn',
] as const;
export type ChildState = (typeof CHILD_STATES)[number];

export interface ChildTaskView {
  taskId: string;
  planId: string;
  regionId: string | null;
  regionName: string | null;
  no: number;
  status: string;
  state: ChildState;
  dueOn: string | null;
  percent: number;
  lastReportAt: Date | null;
  leadDepartments: string[];
  /** Tasks one level further down (a city task's counties). */
  childCount: number;
}

export type StateCounts = Record<ChildState, number> & { total: number };

interface ChildRow {
  task_id: string;
  plan_id: string;
  region_id: string | null;
  region_name: string | null;
  no: number;
  status: string;
  state: ChildState;
  due_on: Date | null;
  percent: number;
  last_report_at: Date | null;
  lead_departments: string[] | null;
  child_count: number;
}

/**
 * Progress rolled up from the regions below: for a task, how its regions' tasks stand (done,
 * overdue, yellow or red card, lagging), the worst first; for a plan, the same counts per item.
 * One query each, on the parent-task index; `regionIds` narrows it to a region office's subtree.
 */
@Injectable()
export class RollupService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async forTask(
    taskId: string,
    regionIds: string[] | null,
    page: { limit: number; offset: number; state?: ChildState },
  ): Promise<{ taskId: string; counts: StateCounts; children: ChildTaskView[] }> {
    const rows = await this.withoutJit(
      (tx) => tx.$queryRaw<ChildRow[]>`
      SELECT c.* FROM (${this.children(Prisma.sql`ct.parent_task_id = ${taskId}::uuid`, regionIds)}) c
      ORDER BY array_position(${[...CHILD_STATES]}::text[], c.state), c.due_on NULLS LAST, c.percent, c.region_name`,
    );
    const counts = countStates(rows);
    const shown = rows.filter((r) => !page.state || r.state === page.state);
    return {
      taskId,
      counts,
      children: shown.slice(page.offset, page.offset + page.limit).map(toView),
    };
  }

  /** Per item of a plan: how its regions' tasks stand. Items without children are left out. */
  async forPlan(
    planId: string,
    regionIds: string[] | null,
  ): Promise<{ planId: string; items: { taskId: string; no: number; counts: StateCounts }[] }> {
    const rows = await this.withoutJit(
      (tx) => tx.$queryRaw<{ parent_id: string; no: number; state: ChildState; n: number }[]>`
      SELECT p.id AS parent_id, p.no, c.state, count(*)::int AS n
      FROM task p
      JOIN (${this.children(Prisma.sql`ct.parent_task_id IN (SELECT id FROM task WHERE plan_id = ${planId}::uuid)`, regionIds)}) c
        ON c.parent_task_id = p.id
      WHERE p.plan_id = ${planId}::uuid
      GROUP BY p.id, p.no, c.state
      ORDER BY p.no`,
    );
    const items = new Map<string, { taskId: string; no: number; counts: StateCounts }>();
    for (const r of rows) {
      const item = items.get(r.parent_id) ?? {
        taskId: r.parent_id,
        no: r.no,
        counts: emptyCounts(),
      };
      item.counts[r.state] += r.n;
      item.counts.total += r.n;
      items.set(r.parent_id, item);
    }
    return { planId, items: [...items.values()] };
  }

  /**
   * Runs a roll-up query with PostgreSQL's JIT off. The children of a national item are skewed
   * (1,300 per parent), so the planner's estimate crosses the JIT threshold, and compiling took
   * ~500 ms of a query that runs in ~20 ms (EXPLAIN ANALYZE, 1,300 children).
   */
  private withoutJit<T>(query: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL jit = off');
      return query(tx);
    });
  }

  /** The child tasks matching `where`, with their state computed from status, deadline and ladder. */
  private children(where: Prisma.Sql, regionIds: string[] | null): Prisma.Sql {
    const today = toDbDate(localDateOf(this.clock.now()));
    return Prisma.sql`
      SELECT ct.id AS task_id, ct.parent_task_id, ct.plan_id, cp.region_id, r.name AS region_name, ct.no,
             ct.status::text AS status, ct.due_on, ct.percent, ct.last_report_at,
             (SELECT array_agg(d.name ORDER BY a.ordinal) FROM assignment a JOIN department d ON d.id = a.department_id
              WHERE a.task_id = ct.id AND a.role = 'LEAD' AND a.removed_at IS NULL) AS lead_departments,
             (SELECT count(*)::int FROM task g WHERE g.parent_task_id = ct.id) AS child_count,
             CASE
               WHEN ct.status = 'CLOSED' THEN 'closed'
               WHEN ct.status = 'WITHDRAWN' THEN 'withdrawn'
               WHEN EXISTS (SELECT 1 FROM escalation e WHERE e.task_id = ct.id AND e.due_on = ct.due_on
                            AND e.level = 'RED_CARD') THEN 'red'
               WHEN EXISTS (SELECT 1 FROM escalation e WHERE e.task_id = ct.id AND e.due_on = ct.due_on
                            AND e.level = 'SUPERVISION') THEN 'yellow'
               WHEN ct.due_on < ${today}::date AND ct.status <> 'SUSPENDED' THEN 'overdue'
               WHEN EXISTS (SELECT 1 FROM escalation e WHERE e.task_id = ct.id AND e.level = 'LAGGING'
                            AND e.due_on = coalesce(ct.due_on, ${ONGOING_DUE_ON}::date)) THEN 'lagging'
               ELSE 'on_track'
             END AS state
      FROM task ct
      JOIN plan cp ON cp.id = ct.plan_id
      LEFT JOIN region r ON r.id = cp.region_id
      WHERE ${where}
        ${regionIds ? Prisma.sql`AND cp.region_id = ANY(${regionIds}::uuid[])` : Prisma.empty}`;
  }
}

function emptyCounts(): StateCounts {
  return {
    total: 0,
    red: 0,
    yellow: 0,
    overdue: 0,
    lagging: 0,
    on_track: 0,
    closed: 0,
    withdrawn: 0,
  };
}

function countStates(rows: { state: ChildState }[]): StateCounts {
  const counts = emptyCounts();
  for (const r of rows) {
    counts[r.state] += 1;
    counts.total += 1;
  }
  return counts;
}

function toView(r: ChildRow): ChildTaskView {
  return {
    taskId: r.task_id,
    planId: r.plan_id,
    regionId: r.region_id,
    regionName: r.region_name,
    no: r.no,
    status: r.status,
    state: r.state,
    dueOn: r.due_on ? fromDbDate(r.due_on) : null,
    percent: r.percent,
    lastReportAt: r.last_report_at,
    leadDepartments: r.lead_departments ?? [],
    childCount: r.child_count,
  };
}
