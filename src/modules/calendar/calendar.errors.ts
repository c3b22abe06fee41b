import { invalidInput, type FieldProblem } from '../../common/errors/validation';
import { MAX_YEAR, MIN_YEAR } from './calendar-year.validation';

// Every refusal of the calendar's administration.

/** A year's replacement with these problems (calendarYearProblems). */
export const invalidCalendarYear = (problems: FieldProblem[]) => invalidInput(problems);

export const invalidYear = () =>
  invalidInput([
    {
      field: 'year',
      reason: `必须是 ${MIN_YEAR} 到 ${MAX_YEAR} 之间的四位年份`,
      constraint: 'isYear',
    },
  ]);
