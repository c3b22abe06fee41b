import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BUSINESS_ZONE, fromDbDate, LocalDate, localDateOf } from '../../common/time/local-date';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { CalendarService } from '../calendar/calendar.service';
import type { PlanPolicy } from '../plan-policy/plan-policy';
import { policyOf } from '../plan-policy/resolve-policy';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import { WorkArrival } from '../tasks/work-arrival.service';
import { ackDeadline, planAckReminders, planArrival } from './ack-policy';
import {
  ArrivalComboRow,
  ArrivalPlan,
  insertAssignmentAckReminders,
  planArrivals,
  selectArrivalCombos,
} from './ack-planning.sql';

/**
 * Plans the acknowledgement (签收) deadline of arriving work and its reminders: the arrival
 * follow-up `acknowledgement` (WorkArrival), run after every writer's commit and by the reconcile.
 * The schedule depends only on the plan's policy and the arrival day, so it is computed once per
 * (plan, day) and applied to all their assignments in one statement.
 */
@Injectable()
export class AckPlanningService implements OnModuleInit {
  private readonly logger = new Logger(AckPlanningService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly arrival: WorkArrival,
  ) {}

  onModuleInit(): void {
    this.arrival.register('acknowledgement', () => this.planArrivals());
  }

  /** Sets the deadline and plans the reminders of every unplanned arrival. Idempotent. */
  async planArrivals(): Promise<{ planned: number; reminders: number }> {
    const now = this.clock.now();
    const combos = await this.prisma.$queryRaw<ArrivalComboRow[]>(
      selectArrivalCombos(now, BUSINESS_ZONE, OPEN_STATUSES),
    );
    if (combos.length === 0) return { planned: 0, reminders: 0 };
    const calendar = this.calendars.current();
    const plans = combos.map((c): ArrivalPlan => {
      const arrivedOn = fromDbDate(c.arrived_on);
      return {
        planId: c.plan_id,
        arrivedOn,
        ...planArrival(arrivedOn, now, calendar, policyOf(c.policy)),
      };
    });
    const [row] = await this.prisma.$queryRaw<{ planned: number; reminders: number }[]>(
      planArrivals(now, BUSINESS_ZONE, OPEN_STATUSES, plans),
    );
    const result = { planned: row?.planned ?? 0, reminders: row?.reminders ?? 0 };
    if (result.planned > 0) this.logger.log(result, 'acknowledgement deadlines planned');
    return result;
  }

  /**
   * A fresh acknowledgement window from today for one assignment (the office insisted on a returned
   * assignment): its new deadline, and its reminders inserted in the caller's transaction.
   */
  async replanOne(tx: Tx, assignmentId: string, policy: PlanPolicy): Promise<LocalDate> {
    const now = this.clock.now();
    const calendar = this.calendars.current();
    const ackDueOn = ackDeadline(localDateOf(now), policy, calendar);
    await tx.$executeRaw(
      insertAssignmentAckReminders(assignmentId, planAckReminders(ackDueOn, now, calendar, policy)),
    );
    return ackDueOn;
  }
}
