import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/errors/domain.exception';
import { fromDbDate } from '../../common/time/local-date';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import {
  linkedDeadlinesAfterParent,
  linkedItemMissing,
  parentPlanNotPublished,
  planLinkedElsewhere,
  planRegionNotBelowParent,
  regionAlreadyLinked,
} from './cascade.errors';
import { setParentTasks } from './plan-link.sql';

export interface PlanLinkResult {
  planId: string;
  parentPlanId: string;
  linked: number;
  /** Items of the plan left without a parent item. */
  unlinkedItems: number[];
  /** Items of the parent plan that no item of this plan carries out. */
  parentItemsWithoutChild: number[];
}

/**
 * Links a plan the region imported from its own document to the plan above (instead of a cascade
 * writing the region's plan), so that progress rolls up the same way.
 */
@Injectable()
export class PlanLinkService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Links the plan to the plan above, item by item (by equal numbers unless `links` says
   * otherwise). Refused, changing nothing, when the region is not directly below the parent
   * plan's, or a linked item's deadline is later than its parent's.
   */
  async linkToParent(
    planId: string,
    parentPlanId: string,
    links: { no: number; parentNo: number }[] | undefined,
    actorId: string | null,
  ): Promise<PlanLinkResult> {
    const [plan, parent] = await Promise.all([
      this.prisma.plan.findUnique({ where: { id: planId }, include: { region: true } }),
      this.prisma.plan.findUnique({ where: { id: parentPlanId } }),
    ]);
    if (!plan) throw notFound('该方案');
    if (!parent) throw notFound('上级方案');
    if (plan.parentPlanId && plan.parentPlanId !== parentPlanId) throw planLinkedElsewhere();
    if (!parent.publishedAt) throw parentPlanNotPublished();
    if (!plan.region || plan.region.parentId !== parent.regionId) {
      throw planRegionNotBelowParent();
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
      if (!child) throw linkedItemMissing({ childNo: l.no }, i);
      if (!up) throw linkedItemMissing({ parentNo: l.parentNo }, i);
      return { child, up };
    });
    const late = resolved.filter(
      ({ child, up }) => up.dueOn && (!child.dueOn || child.dueOn.getTime() > up.dueOn.getTime()),
    );
    if (late.length > 0) {
      throw linkedDeadlinesAfterParent(
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
        await tx.$executeRaw(
          setParentTasks(
            resolved.map((r) => r.child.id),
            resolved.map((r) => r.up.id),
          ),
        );
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
        throw regionAlreadyLinked(plan.region.name);
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
}
