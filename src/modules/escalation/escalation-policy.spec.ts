import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { supervisionNoticeNo, sweepCutoffs } from './escalation-policy';

describe('sweepCutoffs', () => {
  const cal = new WorkingDayCalendar();

  it('on a Monday, urging covers last Friday and supervision the Monday before', () => {
    expect(sweepCutoffs('2026-11-30', cal)).toEqual({
      today: '2026-11-30',
      urgingDueOnOrBefore: '2026-11-29',
      supervisionDueOnOrBefore: '2026-11-23',
      redCardDueOnOrBefore: '2026-11-16',
    });
  });

  it('matches workingDaysAfter for every due date around the cutoffs', () => {
    const today = '2026-12-09';
    const c = sweepCutoffs(today, cal);
    for (let d = 1; d <= 30; d++) {
      const due = `2026-11-${String(d).padStart(2, '0')}`;
      const overdue = cal.workingDaysAfter(due, today);
      expect(due <= c.urgingDueOnOrBefore).toBe(overdue >= 1);
      expect(due <= c.supervisionDueOnOrBefore).toBe(overdue >= 5);
      expect(due <= c.redCardDueOnOrBefore).toBe(overdue >= 10);
    }
  });

  it('numbers supervision notices per year', () => {
    expect(supervisionNoticeNo(2026, 12)).toBe('督〔2026〕12号');
  });
});
