import { Injectable } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { fromDbDate, localDateOf, type LocalDate } from '../../common/time/local-date';
import type { ChildState } from './child-state';
import type { Scope } from '../auth/scope';
import {
  ChildRow,
  countChildrenOfPlanItems,
  ItemStateCountRow,
  JIT_OFF,
  selectChildrenOfTask,
} from './rollup.sql';

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
    const rows = await this.withoutJit((tx) =>
      tx.$queryRaw<ChildRow[]>(selectChildrenOfTask(taskId, regionIds, this.today())),
    );
    const counts = countStates(rows);
    const shown = rows.filter((r) => !page.state || r.state === page.state);
    return {
      taskId,
      counts,
      children: shown.slice(page.offset, page.offset + page.limit).map(toView),
    };
  }

  /**
   * Per item of a plan in the caller's scope: how its regions' tasks (in the caller's region
   * subtree) stand. Items without children are left out.
   */
  async forPlan(
    planId: string,
    scope: Scope,
  ): Promise<{ planId: string; items: { taskId: string; no: number; counts: StateCounts }[] }> {
    const rows = await this.withoutJit((tx) =>
      tx.$queryRaw<ItemStateCountRow[]>(countChildrenOfPlanItems(planId, scope, this.today())),
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

  /** Runs a roll-up query with PostgreSQL's JIT off (see JIT_OFF for why). */
  private withoutJit<T>(query: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(JIT_OFF);
      return query(tx);
    });
  }

  private today(): LocalDate {
    return localDateOf(this.clock.now());
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
