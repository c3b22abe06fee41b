import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { fromDbDate } from '../../common/time/local-date';
import { PlanPolicy } from '../plan-policy/plan-policy';
import { policyOf, resolvePolicy } from '../plan-policy/resolve-policy';
import { RemindersService } from '../reminders/reminders.service';
import { cancelUnwantedDeadlineReminders } from './plan-policy.sql';
import { invalidPolicy, planNotFound } from './plans.errors';
import { planOutOfScope } from '../auth/auth.errors';
import { regionInScope, type Scope } from '../auth/scope';
import { planWhere } from '../auth/scope-where';

/** Why pending reminders stop when the policy no longer wants them (on the reminder row). */
const POLICY_CHANGED = '提醒规则已调整';

export interface PolicyChange {
  policy: PlanPolicy;
  reminders: { added: number; cancelled: number; moved: number };
}

/** A plan's reminder and escalation policy; changing it re-plans the plan's pending reminders. */
@Injectable()
export class PlanPolicyService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
  ) {}

  async get(scope: Scope, planId: string): Promise<PlanPolicy> {
    const plan = await this.prisma.plan.findUnique({
      where: { id: planId },
      select: { policy: true, regionId: true },
    });
    if (!plan) throw planNotFound();
    if (!regionInScope(scope, plan.regionId)) throw planOutOfScope();
    return policyOf(plan.policy);
  }

  async update(scope: Scope, planId: string, input: unknown): Promise<PolicyChange> {
    const actorId = scope.user.id;
    const { policy, problems } = resolvePolicy(input);
    if (problems.length > 0) throw invalidPolicy(problems);
    const now = this.clock.now();
    const { added, cancelled } = await this.prisma.$transaction(async (tx) => {
      const updated = await tx.plan.updateMany({
        where: { id: planId, ...planWhere(scope) },
        data: { policy: policy as unknown as Prisma.InputJsonValue },
      });
      if (updated.count === 0) throw planNotFound();
      // Offsets no longer wanted stop; new offsets get rows (existing ones are kept by the unique key).
      const cancelled = await tx.$executeRaw(
        cancelUnwantedDeadlineReminders(planId, policy.deadlineReminders, POLICY_CHANGED),
      );
      const open = await tx.assignment.findMany({
        where: {
          removedAt: null,
          task: {
            planId,
            dueOn: { not: null },
            status: { in: ['ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED'] },
          },
        },
        select: { id: true, task: { select: { dueOn: true } } },
      });
      const before = await tx.reminder.count({ where: { assignment: { task: { planId } } } });
      await this.reminders.planForAssignments(
        tx,
        open.map((a) => ({ assignmentId: a.id, dueOn: fromDbDate(a.task.dueOn!) })),
        now,
        policy,
      );
      const after = await tx.reminder.count({ where: { assignment: { task: { planId } } } });
      await this.audit.record(tx, {
        actorId,
        action: 'plan.policy_changed',
        entityType: 'plan',
        entityId: planId,
        data: { policy },
      });
      return { added: after - before, cancelled };
    });
    const { moved } = await this.reminders.replanPending(planId);
    await this.reminders.enqueueDue();
    return { policy, reminders: { added, cancelled, moved } };
  }
}
