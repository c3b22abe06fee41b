import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { endOfLocalDay, fromDbDate, localDateOf } from '../calendar/local-date';
import { CalendarService } from '../calendar/calendar.service';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { NotificationsService, OutgoingMessage } from '../notifications/notifications.service';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import { SKIP_DEADLINE_PASSED } from './reminder-policy';

export type ReminderOutcome = 'sent' | 'not-due' | 'cancelled' | 'skipped' | 'already-handled';

/** Turns one due reminder into deliveries to the department's liaisons, exactly once. */
@Injectable()
export class ReminderSenderService {
  private readonly logger = new Logger(ReminderSenderService.name);

  constructor(
    private readonly calendars: CalendarService,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  async send(reminderId: string): Promise<ReminderOutcome> {
    const now = this.clock.now();
    const reminder = await this.prisma.reminder.findUnique({
      where: { id: reminderId },
      include: {
        assignment: {
          include: {
            department: true,
            task: { include: { plan: { select: { title: true } } } },
          },
        },
      },
    });
    if (!reminder || reminder.status !== 'PENDING') return 'already-handled';
    if (reminder.fireAt > now) return 'not-due';
    const { assignment } = reminder;
    const { task, department } = assignment;
    const dueOn = fromDbDate(reminder.dueOn);

    if (!OPEN_STATUSES.includes(task.status) || assignment.removedAt) {
      await this.prisma.reminder.updateMany({
        where: { id: reminderId, status: 'PENDING' },
        data: { status: 'CANCELLED', skippedReason: '任务已办结、暂停或不再由本单位承担' },
      });
      return 'cancelled';
    }
    if (now >= endOfLocalDay(dueOn)) {
      await this.prisma.reminder.updateMany({
        where: { id: reminderId, status: 'PENDING' },
        data: { status: 'SKIPPED', skippedReason: SKIP_DEADLINE_PASSED },
      });
      return 'skipped';
    }

    const workingDaysLeft = this.calendar.workingDaysAfter(localDateOf(now), dueOn);
    const vars = {
      taskId: task.id,
      taskNo: task.no,
      taskText: task.text,
      planTitle: task.plan.title,
      departmentName: department.name,
      role: assignment.role,
      dueOn,
      workingDaysLeft,
    };
    // A collective unit's reminders reach its own contact and the liaisons of its members.
    const people = await this.prisma.person.findMany({
      where: {
        role: 'LIAISON',
        active: true,
        OR: [
          { departmentId: department.id },
          { department: { memberOf: { some: { groupId: department.id } } } },
        ],
      },
      select: { id: true, displayName: true },
      orderBy: { username: 'asc' },
    });
    const recipients: (string | null)[] = people.length ? people.map((p) => p.id) : [null];
    const messages: OutgoingMessage[] = recipients.map((recipientId) => ({
      dedupeKey: `${reminder.jobId}-${recipientId ?? `dept-${department.id}`}-EMAIL`,
      recipientId,
      channel: 'EMAIL',
      template: 'deadline-reminder',
      vars: {
        ...vars,
        recipientName: people.find((p) => p.id === recipientId)?.displayName,
      },
      taskId: task.id,
    }));

    const deliveryIds = await this.prisma.$transaction(async (tx) => {
      const claimed = await tx.reminder.updateMany({
        where: { id: reminderId, status: 'PENDING' },
        data: { status: 'SENT', sentAt: now },
      });
      if (claimed.count === 0) return null;
      return this.notifications.createDeliveries(tx, messages);
    });
    if (deliveryIds === null) return 'already-handled';
    await this.notifications.dispatch(deliveryIds);
    this.logger.log({ reminderId, taskNo: task.no, department: department.name }, 'reminder sent');
    return 'sent';
  }
  /** The working-day calendar as currently published (holidays and make-up days). */
  private get calendar(): WorkingDayCalendar {
    return this.calendars.current();
  }
}
