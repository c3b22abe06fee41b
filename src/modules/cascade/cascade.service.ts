import { Injectable, Logger } from '@nestjs/common';
import { notFound } from '../../common/errors/domain.exception';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { fromDbDate, isLocalDate } from '../../common/time/local-date';
import { policyOf } from '../plan-policy/resolve-policy';
import { RemindersService } from '../reminders/reminders.service';
import { WorkArrival } from '../tasks/work-arrival.service';
import {
  cascadeDeadlinesAfterParent,
  cascadeOfDraftPlan,
  deadlineOutsideCascade,
  malformedDeadline,
  planAlreadyPublished,
  regionsNotBelowPlan,
  unknownItems,
  unknownRegions,
  unmappedUnits,
} from './cascade.errors';
import {
  ANALYZE_CASCADED_TABLES,
  CascadePreviewRow,
  childPlansOf,
  countChildPlans,
  insertChildAssignments,
  insertChildChapters,
  insertChildPlans,
  insertChildSections,
  insertChildTasks,
  selectCascadePreview,
  selectUnmappedDepartments,
  UnmappedRow,
} from './cascade.sql';

/** Above this many new tasks the cascade refreshes the planner's statistics itself. */
const ANALYZE_AFTER_TASKS = 10_000;

export interface CascadeInput {
  regionIds: string[];
  /** Item numbers to decompose; omitted = every open item of the plan. */
  items?: number[];
  /** Earlier deadlines for the regions' tasks (never later than the plan's own). */
  deadlines?: { no: number; dueOn: string }[];
  /** Leave out supporting departments that have no counterpart in a region (lead ones must map). */
  omitUnmappedSupport?: boolean;
  /** false = the child plans are drafts: no reminders or ladder until the region publishes them. */
  publish?: boolean;
}

export interface UnmappedUnit {
  departmentId: string;
  departmentName: string;
  role: 'LEAD' | 'SUPPORT';
  items: number[];
}

export interface CascadeRegionPreview {
  regionId: string;
  regionName: string;
  childPlanId: string | null;
  /** Tasks the cascade would add (items not yet decomposed for the region). */
  newTasks: number;
  unmapped: UnmappedUnit[];
}

export interface CascadePreview {
  mode: 'preview';
  planId: string;
  regions: CascadeRegionPreview[];
  /** Whether a commit with these settings would be refused (an unmapped lead, or any unmapped unit). */
  blocked: boolean;
}

export interface CascadeResult {
  mode: 'commit';
  planId: string;
  childPlans: { created: number; total: number };
  tasks: number;
  assignments: number;
  reminders: { pending: number; skipped: number };
  omittedSupport: number;
}

interface Validated {
  plan: { id: string; title: string; regionId: string | null; policy: unknown };
  regions: { id: string; name: string }[];
  items: number[] | null;
  overrides: { no: number; dueOn: string }[];
}

/**
 * Decomposes a published plan into a child plan per region of the level below (各地要参照本方案…):
 * every chosen item becomes a task of each region's plan, led and supported by the counterparts
 * of the plan's departments in that region, with the plan's deadline or an earlier one, linked to
 * its parent task. Checked first (nothing is created while a unit has no counterpart), then written
 * with set-based SQL (cascade.sql.ts) in one transaction for the whole set of regions. Running it
 * again adds only what is missing. Child plans may be left as drafts and published later here; a
 * plan the region imported itself is linked to the plan above by PlanLinkService instead.
 */
@Injectable()
export class CascadeService {
  private readonly logger = new Logger(CascadeService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
    private readonly arrival: WorkArrival,
  ) {}

  async preview(planId: string, input: CascadeInput): Promise<CascadePreview> {
    const v = await this.validate(planId, input);
    const unmapped = await this.unmapped(this.prisma, v);
    const existing = await this.prisma.$queryRaw<CascadePreviewRow[]>(
      selectCascadePreview(
        planId,
        v.regions.map((r) => r.id),
        v.items,
      ),
    );
    const byRegion = new Map(existing.map((e) => [e.region_id, e]));
    const regions = v.regions.map((r) => ({
      regionId: r.id,
      regionName: r.name,
      childPlanId: byRegion.get(r.id)?.plan_id ?? null,
      newTasks: byRegion.get(r.id)?.new_tasks ?? 0,
      unmapped: unmapped.get(r.id) ?? [],
    }));
    return {
      mode: 'preview',
      planId,
      regions,
      blocked: regions.some((r) => blocking(r.unmapped, input).length > 0),
    };
  }

  async commit(
    planId: string,
    input: CascadeInput,
    actorId: string | null,
  ): Promise<CascadeResult> {
    const v = await this.validate(planId, input);
    const now = this.clock.now();
    const publish = input.publish ?? true;
    const result = await this.prisma.$transaction(
      async (tx) => {
        // Checked inside the transaction so that a counterpart removed meanwhile cannot slip through.
        const unmapped = await this.unmapped(tx, v);
        const refused = v.regions
          .map((r) => ({ region: r, units: blocking(unmapped.get(r.id) ?? [], input) }))
          .filter((x) => x.units.length > 0);
        if (refused.length > 0) throw unmappedUnits(refused);
        const omittedSupport = [...unmapped.values()].reduce((n, u) => n + u.length, 0);
        return { ...(await this.write(tx, v, now, publish, actorId)), omittedSupport };
      },
      { timeout: 600_000, maxWait: 10_000 },
    );
    // A national cascade multiplies the task table at once; the planner should know before the
    // first roll-up rather than after autovacuum gets round to it.
    if (result.tasks >= ANALYZE_AFTER_TASKS) {
      await this.prisma.$executeRawUnsafe(ANALYZE_CASCADED_TABLES);
    }
    // The children's notices and acknowledgement deadlines, and their reminders due now, follow
    // in a worker: at 1,300 regions they took longer than the transaction itself.
    if (publish) await this.arrival.settleInBackground(`cascade-${planId}-${now.getTime()}`);
    this.logger.log({ planId, regions: v.regions.length, ...result }, 'plan cascaded');
    return { mode: 'commit', planId, ...result };
  }

  /** Publishes a draft child plan: its reminders are planned and the ladder starts watching it. */
  async publish(planId: string, actorId: string | null) {
    const now = this.clock.now();
    const reminders = await this.prisma.$transaction(async (tx) => {
      const published = await tx.plan.updateMany({
        where: { id: planId, publishedAt: null },
        data: { publishedAt: now },
      });
      if (published.count === 0) {
        if (!(await tx.plan.findUnique({ where: { id: planId } }))) throw notFound('该方案');
        throw planAlreadyPublished();
      }
      const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId } });
      const reminders = await this.reminders.planForPlans(tx, [planId], now, policyOf(plan.policy));
      await this.audit.record(tx, {
        actorId,
        action: 'plan.published',
        entityType: 'plan',
        entityId: planId,
        after: { publishedAt: now.toISOString() },
        data: { reminders },
      });
      return reminders;
    });
    await this.arrival.settle();
    await this.reminders.enqueueDue();
    return { planId, publishedAt: now, reminders };
  }

  private async validate(planId: string, input: CascadeInput): Promise<Validated> {
    const plan = await this.prisma.plan.findUnique({
      where: { id: planId },
      select: { id: true, title: true, regionId: true, policy: true, publishedAt: true },
    });
    if (!plan) throw notFound('该方案');
    if (!plan.publishedAt) throw cascadeOfDraftPlan();
    const regionIds = [...new Set(input.regionIds)];
    const regions = await this.prisma.region.findMany({
      where: { id: { in: regionIds } },
      select: { id: true, name: true, parentId: true },
      orderBy: { code: 'asc' },
    });
    if (regions.length !== regionIds.length) throw unknownRegions();
    const notBelow = regions.filter((r) => r.parentId !== plan.regionId);
    if (notBelow.length > 0) throw regionsNotBelowPlan(notBelow.map((r) => r.name));
    const tasks = await this.prisma.task.findMany({
      where: { planId },
      select: { no: true, dueOn: true, status: true },
    });
    const dueOf = new Map(tasks.map((t) => [t.no, t.dueOn ? fromDbDate(t.dueOn) : null]));
    const items = input.items ? [...new Set(input.items)] : null;
    const unknown = (items ?? []).filter((no) => !dueOf.has(no));
    if (unknown.length > 0) throw unknownItems(unknown);
    const overrides = input.deadlines ?? [];
    overrides.forEach((o, i) => {
      if (!dueOf.has(o.no) || (items && !items.includes(o.no))) {
        throw deadlineOutsideCascade(o.no, i);
      }
      if (!isLocalDate(o.dueOn)) throw malformedDeadline(o.no, o.dueOn, i);
    });
    const late = overrides.filter((o) => {
      const parentDue = dueOf.get(o.no);
      return parentDue != null && o.dueOn > parentDue;
    });
    if (late.length > 0) {
      throw cascadeDeadlinesAfterParent(
        late.map((o) => ({ no: o.no, dueOn: o.dueOn, parentDueOn: dueOf.get(o.no)! })),
      );
    }
    return { plan, regions, items, overrides };
  }

  /** Per region: the plan's departments (on the chosen items) that have no counterpart there. */
  private async unmapped(
    db: Tx | PrismaService,
    v: Validated,
  ): Promise<Map<string, UnmappedUnit[]>> {
    const rows = await db.$queryRaw<UnmappedRow[]>(
      selectUnmappedDepartments(
        v.plan.id,
        v.regions.map((r) => r.id),
        v.items,
      ),
    );
    const out = new Map<string, UnmappedUnit[]>();
    for (const r of rows) {
      const list = out.get(r.region_id) ?? [];
      list.push({
        departmentId: r.department_id,
        departmentName: r.name,
        role: r.role,
        items: r.items,
      });
      out.set(r.region_id, list);
    }
    return out;
  }

  private async write(
    tx: Tx,
    v: Validated,
    now: Date,
    publish: boolean,
    actorId: string | null,
  ): Promise<Omit<CascadeResult, 'mode' | 'planId' | 'omittedSupport'>> {
    const planId = v.plan.id;
    const regionIds = v.regions.map((r) => r.id);
    const created = await tx.$executeRaw(
      insertChildPlans(planId, regionIds, now, publish ? now : null),
    );
    const childPlans = childPlansOf(planId, regionIds);
    await tx.$executeRaw(insertChildChapters(planId, childPlans));
    await tx.$executeRaw(insertChildSections(planId, childPlans));
    const tasks = await tx.$executeRaw(
      insertChildTasks({ planId, childPlans, items: v.items, overrides: v.overrides, now }),
    );
    const assignments = await tx.$executeRaw(insertChildAssignments(planId, childPlans, v.items));
    const reminders = publish
      ? await this.reminders.planForPlans(
          tx,
          (await tx.$queryRaw<{ id: string }[]>(childPlans)).map((p) => p.id),
          now,
          policyOf(v.plan.policy),
        )
      : { pending: 0, skipped: 0 };
    const [{ n: total }] = await tx.$queryRaw<{ n: number }[]>(countChildPlans(childPlans));
    await this.audit.record(tx, {
      actorId,
      action: 'plan.cascaded',
      entityType: 'plan',
      entityId: planId,
      data: {
        regionIds,
        items: v.items,
        deadlines: v.overrides,
        publish,
        childPlansCreated: created,
        tasks,
        assignments,
        reminders,
      },
    });
    return { childPlans: { created, total }, tasks, assignments, reminders };
  }
}

/** What stops a commit: an unmapped lead always; an unmapped supporting unit unless it may be left out. */
function blocking(units: UnmappedUnit[], input: CascadeInput): UnmappedUnit[] {
  return units.filter((u) => u.role === 'LEAD' || !input.omitUnmappedSupport);
}
