import { notFound } from '../../common/errors/domain.exception';
import { invalidInput, type FieldProblem } from '../../common/errors/validation';

// Every refusal of the audit trail's readers.

/** An export period that is not one (see periodProblem). */
export const invalidExportPeriod = (problem: FieldProblem) => invalidInput([problem]);

export const taskNotFound = () => notFound('该任务');
