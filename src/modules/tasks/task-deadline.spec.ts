import { TaskStatus } from '../../generated/prisma/enums';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { deadlineStanding } from './task-deadline';

const calendar = new WorkingDayCalendar();
// 2026-11-23 is a Monday.
const MONDAY = '2026-11-23';

describe('deadlineStanding', () => {
  it('an item without a deadline is ongoing, never overdue', () => {
    expect(deadlineStanding(null, TaskStatus.ASSIGNED, MONDAY, calendar)).toEqual({
      ongoing: true,
      overdue: false,
      workingDaysLeft: null,
      workingDaysOverdue: 0,
    });
  });

  it('counts working days left, 0 on the due day itself', () => {
    expect(deadlineStanding('2026-11-30', TaskStatus.IN_PROGRESS, MONDAY, calendar)).toMatchObject({
      overdue: false,
      workingDaysLeft: 5,
      workingDaysOverdue: 0,
    });
    expect(deadlineStanding(MONDAY, TaskStatus.ASSIGNED, MONDAY, calendar)).toMatchObject({
      overdue: false,
      workingDaysLeft: 0,
    });
  });

  it('is overdue from the day after the deadline, counting working days only', () => {
    // Due Friday 2026-11-13; today Monday 2026-11-23: 16,17,18,19,20,23 = 6 working days.
    expect(deadlineStanding('2026-11-13', TaskStatus.ASSIGNED, MONDAY, calendar)).toEqual({
      ongoing: false,
      overdue: true,
      workingDaysLeft: null,
      workingDaysOverdue: 6,
    });
  });

  it.each([TaskStatus.CLOSED, TaskStatus.SUSPENDED])('a %s task is not overdue', (status) => {
    expect(deadlineStanding('2026-11-13', status, MONDAY, calendar)).toMatchObject({
      overdue: false,
      workingDaysLeft: null,
      workingDaysOverdue: 0,
    });
  });
});
