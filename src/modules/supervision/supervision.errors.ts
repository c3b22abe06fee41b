import { notFound } from '../../common/errors/domain.exception';
import { invalidInput, type FieldProblem } from '../../common/errors/validation';

// Every refusal of the supervision views.

/** A dashboard, assessment or bulletin period that is not one (see periodProblem). */
export const invalidPeriod = (problem: FieldProblem) => invalidInput([problem]);

export const departmentNotFound = () => notFound('该部门');

/** An unknown or rotated calendar feed token. */
export const feedNotFound = () => notFound('该日历订阅');
