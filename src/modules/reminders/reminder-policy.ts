import { DEFAULT_PLAN_POLICY, ReminderRules } from '../plan-policy/plan-policy';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { endOfLocalDay, instantAt, LocalDate } from '../../common/time/local-date';

export type PlannedStatus = 'PENDING' | 'SKIPPED';

export interface PlannedReminder {
  offsetWorkingDays: number;
  fireAt: Date;
  status: PlannedStatus;
  skippedReason?: string;
}

export const SKIP_DEADLINE_PASSED = '截止日期已过,提醒不再发送';
export const SKIP_SUPERSEDED = '已被更近的提醒取代';

/**
 * The reminders of one assignment for one deadline, as of `now`.
 * No backlog storms: reminders whose moment has passed are not all sent late. While the deadline
 * is still ahead, only the latest passed one is kept (sent at once); once the deadline has passed,
 * none is: their purpose is gone. Skipped ones are kept as rows so the history shows them.
 */
export function planReminders(
  dueOn: LocalDate,
  now: Date,
  calendar: WorkingDayCalendar,
  rules: ReminderRules = DEFAULT_PLAN_POLICY,
): PlannedReminder[] {
  const deadlinePassed = now.getTime() >= endOfLocalDay(dueOn).getTime();
  const offsets = [...new Set(rules.deadlineReminders)].sort((a, b) => b - a);
  const planned = offsets.map((offset) => ({
    offsetWorkingDays: offset,
    fireAt: instantAt(calendar.addWorkingDays(dueOn, -offset), rules.sendHour),
  }));
  const passed = planned.filter((r) => r.fireAt.getTime() <= now.getTime());
  const latestPassed = passed.at(-1);
  return planned.map((r): PlannedReminder => {
    if (r.fireAt.getTime() > now.getTime()) return { ...r, status: 'PENDING' };
    if (deadlinePassed) return { ...r, status: 'SKIPPED', skippedReason: SKIP_DEADLINE_PASSED };
    if (r === latestPassed) return { ...r, status: 'PENDING' };
    return { ...r, status: 'SKIPPED', skippedReason: SKIP_SUPERSEDED };
  });
}

/** Deterministic id shared by the reminder row and its BullMQ job. */
export function reminderJobId(
  assignmentId: string,
  offsetWorkingDays: number,
  dueOn: LocalDate,
): string {
  return `reminder-${assignmentId}-t${offsetWorkingDays}-${dueOn}`;
}
