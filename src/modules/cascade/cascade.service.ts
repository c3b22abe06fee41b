import { Injectable, Logger } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { fromDbDate, isLocalDate, toDbDate } from '../../common/time/local-date';
import { policyOf } from '../plan-policy/resolve-policy';
import { RemindersService } from '../reminders/reminders.service';

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
 * with set-based SQL in one transaction for the whole set of regions. Running it again adds only
 * what is missing.
 */
@Injectable()
export class CascadeService {
  private readonly logger = new Logger(CascadeService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
  ) {}

  async preview(planId: string, input: CascadeInput): Promise<CascadePreview> {
    const v = await this.validate(planId, input);
    const unmapped = await this.unmapped(this.prisma, v);
    const existing = await this.prisma.$queryRaw<
      { region_id: string; plan_id: string; new_tasks: number }[]
    >`
      SELECT r.id AS region_id, cp.id AS plan_id,
             (SELECT count(*)::int FROM task t
              WHERE t.plan_id = ${planId}::uuid AND t.status NOT IN ('WITHDRAWN', 'CLOSED')
                ${itemFilter(v.items)}
                AND NOT EXISTS (SELECT 1 FROM task x WHERE x.plan_id = cp.id AND x.parent_task_id = t.id)) AS new_tasks
      FROM region r
      LEFT JOIN plan cp ON cp.parent_plan_id = ${planId}::uuid AND cp.region_id = r.id
      WHERE r.id = ANY(${v.regions.map((r) => r.id)}::uuid[])`;
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
        if (refused.length > 0) throw unmappedError(refused);
        const omittedSupport = [...unmapped.values()].reduce((n, u) => n + u.length, 0);
        return { ...(await this.write(tx, v, now, publish, actorId)), omittedSupport };
      },
      { timeout: 600_000, maxWait: 10_000 },
    );
    // A national cascade multiplies the task table at once; the planner should know before the
    // first roll-up rather than after autovacuum gets round to it.
    if (result.tasks >= ANALYZE_AFTER_TASKS) {
      await this.prisma.$executeRawUnsafe('ANALYZE task, assignment, reminder');
    }
    if (publish) await this.reminders.enqueueDue();
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
        throw new DomainException(ErrorCode.PLAN_ALREADY_PUBLISHED, '该方案已经发布,无需再次发布');
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
    await this.reminders.enqueueDue();
    return { planId, publishedAt: now, reminders };
  }

  /**
   * Links a plan the region imported from its own document to the plan above, item by item (by
   * equal numbers unless `links` says otherwise). Refused, changing nothing, when the region is not
   * directly below the parent plan's, or a linked item's deadline is later than its parent's.
   */
  async linkToParent(
    planId: string,
    parentPlanId: string,
    links: { no: number; parentNo: number }[] | undefined,
    actorId: string | null,
  ) {
    const [plan, parent] = await Promise.all([
      this.prisma.plan.findUnique({ where: { id: planId }, include: { region: true } }),
      this.prisma.plan.findUnique({ where: { id: parentPlanId } }),
    ]);
    if (!plan) throw notFound('该方案');
    if (!parent) throw notFound('上级方案');
    if (plan.parentPlanId && plan.parentPlanId !== parentPlanId) {
      throw new DomainException(ErrorCode.PLAN_ALREADY_LINKED, '该方案已经关联到另一个上级方案');
    }
    if (!parent.publishedAt) {
      throw new DomainException(ErrorCode.PLAN_NOT_PUBLISHED, '上级方案尚未发布,不能关联');
    }
    if (!plan.region || plan.region.parentId !== parent.regionId) {
      throw new DomainException(
        ErrorCode.REGION_NOT_BELOW_PLAN,
        '该方案所属地区不是上级方案所属层级的直接下级地区,不能关联',
        [{ field: 'parentPlanId', reason: '方案所属地区必须是上级方案地区的直接下级' }],
      );
    }
    const [tasks, parentTasks] = await Promise.all([
      this.prisma.task.findMany({ where: { planId }, select: { id: true, no: true, dueOn: true } }),
      this.prisma.task.findMany({
        where: { planId: parentPlanId },
        select: { id: true, no: true, dueOn: true },
      }),
    ]);
    const parentByNo = new Map(parentTasks.map((t) => [t.no, t]));
    const pairs =
      links ?? tasks.filter((t) => parentByNo.has(t.no)).map((t) => ({ no: t.no, parentNo: t.no }));
    const byNo = new Map(tasks.map((t) => [t.no, t]));
    const resolved = pairs.map((l, i) => {
      const child = byNo.get(l.no);
      const up = parentByNo.get(l.parentNo);
      if (!child || !up) {
        throw new DomainException(
          ErrorCode.VALIDATION_FAILED,
          !child ? `本方案中没有第${l.no}项` : `上级方案中没有第${l.parentNo}项`,
          [{ field: `links[${i}]`, reason: '事项编号不存在' }],
        );
      }
      return { child, up };
    });
    const late = resolved.filter(
      ({ child, up }) => up.dueOn && (!child.dueOn || child.dueOn.getTime() > up.dueOn.getTime()),
    );
    if (late.length > 0) {
      throw new DomainException(
        ErrorCode.CHILD_DEADLINE_AFTER_PARENT,
        late
          .map(
            ({ child, up }) =>
              `第${child.no}项的期限${child.dueOn ? ` ${fromDbDate(child.dueOn)}` : '(未设定)'}晚于上级第${up.no}项的期限 ${fromDbDate(up.dueOn!)}`,
          )
          .join(';') + '。请先把这些事项的期限改为不晚于上级期限。',
        late.map(({ child, up }) => ({
          no: child.no,
          parentNo: up.no,
          dueOn: child.dueOn ? fromDbDate(child.dueOn) : null,
          parentDueOn: fromDbDate(up.dueOn!),
        })),
      );
    }
    try {
      await this.prisma.$transaction(async (tx) => {
        await tx.plan.update({ where: { id: planId }, data: { parentPlanId } });
        await tx.$executeRaw`
          UPDATE task t SET parent_task_id = x.p
          FROM unnest(${resolved.map((r) => r.child.id)}::uuid[], ${resolved.map((r) => r.up.id)}::uuid[]) AS x(c, p)
          WHERE t.id = x.c`;
        await this.audit.record(tx, {
          actorId,
          action: 'plan.linked_to_parent',
          entityType: 'plan',
          entityId: planId,
          before: { parentPlanId: plan.parentPlanId },
          after: {
            parentPlanId,
            links: resolved.map((r) => ({ no: r.child.no, parentNo: r.up.no })),
          },
        });
      });
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
        throw new DomainException(
          ErrorCode.PLAN_ALREADY_LINKED,
          `${plan.region.name}已有一个分解自该上级方案的方案,不能再关联第二个`,
        );
      }
      throw e;
    }
    const linked = new Set(resolved.map((r) => r.child.no));
    const covered = new Set(resolved.map((r) => r.up.no));
    return {
      planId,
      parentPlanId,
      linked: resolved.length,
      unlinkedItems: tasks
        .filter((t) => !linked.has(t.no))
        .map((t) => t.no)
        .sort((a, b) => a - b),
      parentItemsWithoutChild: parentTasks
        .filter((t) => !covered.has(t.no))
        .map((t) => t.no)
        .sort((a, b) => a - b),
    };
  }

  private async validate(planId: string, input: CascadeInput): Promise<Validated> {
    const plan = await this.prisma.plan.findUnique({
      where: { id: planId },
      select: { id: true, title: true, regionId: true, policy: true, publishedAt: true },
    });
    if (!plan) throw notFound('该方案');
    if (!plan.publishedAt) {
      throw new DomainException(
        ErrorCode.PLAN_NOT_PUBLISHED,
        '该方案尚未发布,不能分解到下级地区。请先发布方案。',
      );
    }
    const regionIds = [...new Set(input.regionIds)];
    const regions = await this.prisma.region.findMany({
      where: { id: { in: regionIds } },
      select: { id: true, name: true, parentId: true },
      orderBy: { code: 'asc' },
    });
    if (regions.length !== regionIds.length) {
      throw new DomainException(ErrorCode.NOT_FOUND, '所选地区中有不存在的地区', [
        { field: 'regionIds', reason: '地区不存在' },
      ]);
    }
    const notBelow = regions.filter((r) => r.parentId !== plan.regionId);
    if (notBelow.length > 0) {
      throw new DomainException(
        ErrorCode.REGION_NOT_BELOW_PLAN,
        `${notBelow.map((r) => r.name).join('、')}不是本方案所属层级的直接下级地区,不能直接分解到这些地区`,
        [{ field: 'regionIds', reason: '必须是方案所属地区的直接下级' }],
      );
    }
    const tasks = await this.prisma.task.findMany({
      where: { planId },
      select: { no: true, dueOn: true, status: true },
    });
    const dueOf = new Map(tasks.map((t) => [t.no, t.dueOn ? fromDbDate(t.dueOn) : null]));
    const items = input.items ? [...new Set(input.items)] : null;
    const unknownItems = (items ?? []).filter((no) => !dueOf.has(no));
    if (unknownItems.length > 0) {
      throw new DomainException(
        ErrorCode.VALIDATION_FAILED,
        `方案中没有第${unknownItems.join('、')}项`,
        [{ field: 'items', reason: '事项编号不存在' }],
      );
    }
    const overrides = input.deadlines ?? [];
    overrides.forEach((o, i) => {
      if (!dueOf.has(o.no) || (items && !items.includes(o.no))) {
        throw new DomainException(
          ErrorCode.VALIDATION_FAILED,
          `第${o.no}项不在本次分解的事项中,不能为它设定期限`,
          [{ field: `deadlines[${i}].no`, reason: '事项不在本次分解范围内' }],
        );
      }
      if (!isLocalDate(o.dueOn)) {
        throw new DomainException(
          ErrorCode.VALIDATION_FAILED,
          `第${o.no}项的期限“${o.dueOn}”格式不正确,应为 YYYY-MM-DD`,
          [{ field: `deadlines[${i}].dueOn`, reason: '必须是日期,格式为 YYYY-MM-DD' }],
        );
      }
    });
    const late = overrides.filter((o) => {
      const parentDue = dueOf.get(o.no);
      return parentDue != null && o.dueOn > parentDue;
    });
    if (late.length > 0) {
      throw new DomainException(
        ErrorCode.CHILD_DEADLINE_AFTER_PARENT,
        late
          .map((o) => `第${o.no}项的期限 ${o.dueOn} 晚于上级方案的期限 ${dueOf.get(o.no)}`)
          .join(';') + '。下级期限可以提前,不能推后。',
        late.map((o) => ({
          field: 'deadlines',
          no: o.no,
          dueOn: o.dueOn,
          parentDueOn: dueOf.get(o.no),
        })),
      );
    }
    return { plan, regions, items, overrides };
  }

  /** Per region: the plan's departments (on the chosen items) that have no counterpart there. */
  private async unmapped(
    db: Tx | PrismaService,
    v: Validated,
  ): Promise<Map<string, UnmappedUnit[]>> {
    const rows = await db.$queryRaw<
      {
        region_id: string;
        department_id: string;
        name: string;
        role: 'LEAD' | 'SUPPORT';
        items: number[];
      }[]
    >`
      SELECT r.id AS region_id, d.id AS department_id, d.name, a.role::text AS role,
             array_agg(t.no ORDER BY t.no) AS items
      FROM task t
      JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
      JOIN department d ON d.id = a.department_id
      CROSS JOIN unnest(${v.regions.map((r) => r.id)}::uuid[]) AS r(id)
      WHERE t.plan_id = ${v.plan.id}::uuid AND t.status NOT IN ('WITHDRAWN', 'CLOSED') ${itemFilter(v.items)}
        AND NOT EXISTS (SELECT 1 FROM department_counterpart c
                        WHERE c.department_id = a.department_id AND c.region_id = r.id)
      GROUP BY r.id, d.id, d.name, a.role
      ORDER BY r.id, a.role, d.name`;
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
    const created = await tx.$executeRaw`
      INSERT INTO plan (id, title, content_hash, version, source_name, default_due_on, policy, warnings,
                        imported_at, published_at, region_id, parent_plan_id)
      SELECT gen_random_uuid(), r.name || ':' || p.title, 'cascade-' || p.id || '-' || r.id, 1, p.source_name,
             p.default_due_on, p.policy, '[]'::jsonb, ${now}::timestamptz,
             ${publish ? now : null}::timestamptz, r.id, p.id
      FROM plan p CROSS JOIN region r
      WHERE p.id = ${planId}::uuid AND r.id = ANY(${regionIds}::uuid[])
      ON CONFLICT (parent_plan_id, region_id) DO NOTHING`;
    const childPlans = Prisma.sql`SELECT id, region_id FROM plan
      WHERE parent_plan_id = ${planId}::uuid AND region_id = ANY(${regionIds}::uuid[])`;
    await tx.$executeRaw`
      INSERT INTO chapter (id, plan_id, ordinal, title)
      SELECT gen_random_uuid(), cp.id, c.ordinal, c.title
      FROM chapter c CROSS JOIN (${childPlans}) cp
      WHERE c.plan_id = ${planId}::uuid
      ON CONFLICT (plan_id, ordinal) DO NOTHING`;
    await tx.$executeRaw`
      INSERT INTO section (id, plan_id, chapter_id, ordinal, title)
      SELECT gen_random_uuid(), cp.id, cc.id, s.ordinal, s.title
      FROM section s
      JOIN chapter pc ON pc.id = s.chapter_id
      CROSS JOIN (${childPlans}) cp
      JOIN chapter cc ON cc.plan_id = cp.id AND cc.ordinal = pc.ordinal
      WHERE s.plan_id = ${planId}::uuid
      ON CONFLICT (plan_id, ordinal) DO NOTHING`;
    const tasks = await tx.$executeRaw`
      INSERT INTO task (id, plan_id, chapter_id, section_id, no, text, due_on, due_source, deadlines, targets,
                        leaders, parent_task_id, created_at, updated_at)
      SELECT gen_random_uuid(), cp.id, cc.id, cs.id, t.no, t.text, coalesce(o.due, t.due_on),
             CASE WHEN o.due IS NULL THEN t.due_source ELSE 'STATED'::"DueSource" END,
             t.deadlines, t.targets, '{}', t.id, ${now}::timestamptz, ${now}::timestamptz
      FROM task t
      CROSS JOIN (${childPlans}) cp
      LEFT JOIN chapter pc ON pc.id = t.chapter_id
      LEFT JOIN chapter cc ON cc.plan_id = cp.id AND cc.ordinal = pc.ordinal
      LEFT JOIN section ps ON ps.id = t.section_id
      LEFT JOIN section cs ON cs.plan_id = cp.id AND cs.ordinal = ps.ordinal
      LEFT JOIN unnest(${v.overrides.map((o) => o.no)}::int[], ${v.overrides.map((o) => toDbDate(o.dueOn))}::date[])
        AS o(no, due) ON o.no = t.no
      WHERE t.plan_id = ${planId}::uuid AND t.status NOT IN ('WITHDRAWN', 'CLOSED') ${itemFilter(v.items)}
        AND NOT EXISTS (SELECT 1 FROM task x WHERE x.plan_id = cp.id AND x.parent_task_id = t.id)
      ON CONFLICT (plan_id, no) DO NOTHING`;
    // Two departments above with one counterpart below are one assignment, led if either leads.
    const assignments = await tx.$executeRaw`
      INSERT INTO assignment (id, task_id, department_id, role, ordinal)
      SELECT gen_random_uuid(), ct.id, c.counterpart_id, a.role, a.ordinal
      FROM (${childPlans}) cp
      JOIN task ct ON ct.plan_id = cp.id
      JOIN task t ON t.id = ct.parent_task_id
      JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
      JOIN department_counterpart c ON c.department_id = a.department_id AND c.region_id = cp.region_id
      WHERE t.plan_id = ${planId}::uuid ${itemFilter(v.items)}
      ORDER BY a.role, a.ordinal
      ON CONFLICT (task_id, department_id) DO NOTHING`;
    const reminders = publish
      ? await this.reminders.planForPlans(
          tx,
          (await tx.$queryRaw<{ id: string }[]>`${childPlans}`).map((p) => p.id),
          now,
          policyOf(v.plan.policy),
        )
      : { pending: 0, skipped: 0 };
    const total = (
      await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${childPlans}) cp`
    )[0].n;
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

function itemFilter(items: number[] | null): Prisma.Sql {
  return items ? Prisma.sql`AND t.no = ANY(${items}::int[])` : Prisma.empty;
}

/** What stops a commit: an unmapped lead always; an unmapped supporting unit unless it may be left out. */
function blocking(units: UnmappedUnit[], input: CascadeInput): UnmappedUnit[] {
  return units.filter((u) => u.role === 'LEAD' || !input.omitUnmappedSupport);
}

function unmappedError(refused: { region: { id: string; name: string }; units: UnmappedUnit[] }[]) {
  const sample = refused
    .slice(0, 3)
    .map((r) => `${r.region.name}:${r.units.map((u) => u.departmentName).join('、')}`)
    .join(';');
  return new DomainException(
    ErrorCode.UNMAPPED_UNITS,
    `${refused.length} 个地区有部门没有对应的本级部门(${sample}${refused.length > 3 ? '……' : ''})。` +
      '请先在地区管理中设置对应部门,或选择不分解这些地区。未创建任何内容。',
    refused.map((r) => ({ regionId: r.region.id, regionName: r.region.name, unmapped: r.units })),
  );
}
