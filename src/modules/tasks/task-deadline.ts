import { TaskStatus } from '../../generated/prisma/enums';
import type { LocalDate } from '../../common/time/local-date';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';

/** Statuses under supervision: closed and suspended tasks are neither due soon nor overdue. */
export const OPEN_STATUSES: readonly TaskStatus[] = [
  TaskStatus.ASSIGNED,
  TaskStatus.IN_PROGRESS,
  TaskStatus.CLOSURE_REQUESTED,
];

export interface DeadlineStanding {
  /** No deadline: supervised through the reporting cadence (持续推进). */
  ongoing: boolean;
  overdue: boolean;
  /** Working days from today to the due date (0 = due today); null when ongoing, overdue or not open. */
  workingDaysLeft: number | null;
  /** Working days since the due date passed; 0 unless overdue. */
  workingDaysOverdue: number;
}

/**
 * Where an open task stands against its deadline on `today` (a Shanghai date). A deadline is due at
 * the end of its day, so a task is overdue from the next day on.
 */
export function deadlineStanding(
  dueOn: LocalDate | null,
  status: TaskStatus,
  today: LocalDate,
  calendar: WorkingDayCalendar,
): DeadlineStanding {
  if (dueOn === null) {
    return { ongoing: true, overdue: false, workingDaysLeft: null, workingDaysOverdue: 0 };
  }
  if (!OPEN_STATUSES.includes(status)) {
    return { ongoing: false, overdue: false, workingDaysLeft: null, workingDaysOverdue: 0 };
  }
  if (dueOn < today) {
    return {
      ongoing: false,
      overdue: true,
      workingDaysLeft: null,
      workingDaysOverdue: calendar.workingDaysAfter(dueOn, today),
    };
  }
  return {
    ongoing: false,
    overdue: false,
    workingDaysLeft: calendar.workingDaysAfter(today, dueOn),
    workingDaysOverdue: 0,
  };
}
