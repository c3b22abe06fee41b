import { notFound } from '../../common/errors/domain.exception';
import { invalidInput, type FieldProblem } from '../../common/errors/validation';

// Every refusal of the audit trail's readers.

/** An export period that is not one (see periodProblem). */
export const invalidExportPeriod = (problem: FieldProblem) => invalidInput([problem]);

/** A filter of the auditor's views that is not one (a date that is not a date, a backwards period). */
export const invalidAuditQuery = (problem: FieldProblem) => invalidInput([problem]);

export const taskNotFound = () => notFound('该任务');
