import { DomainException, OutOfScope } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { UnitSuggestion } from '../departments/unit-directory';
import type { PolicyProblem } from '../plan-policy/resolve-policy';

/** Every refusal of the work-items module (new work, hand edits, the Excel template), in Chinese. */

/** One field's problem, as the validation errors name it (`items[2].lead[0]`). */
export interface FieldProblem {
  field: string;
  reason: string;
  suggestions?: UnitSuggestion[];
}

const invalid = (problems: FieldProblem[], message?: string) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    message ?? problems.map((p) => `“${p.field}”${p.reason}`).join(';'),
    problems,
  );

/** Several problems found at once (every item checked before refusing). */
export const invalidWork = (problems: FieldProblem[]) => invalid(problems);

export const unknownUnit = (
  field: string,
  name: string,
  suggestions: UnitSuggestion[],
): FieldProblem => ({
  field,
  reason:
    `单位名录中没有“${name}”` +
    (suggestions.length > 0 ? `,您是否要找:${suggestions.map((s) => s.name).join('、')}` : ''),
  suggestions,
});

export const departmentNotInScope = (field: string): FieldProblem => ({
  field,
  reason: '所选单位不存在或不在本督查室的管辖范围内',
});

export const leaderNotFound = (field = 'leaderId'): FieldProblem => ({
  field,
  reason: '所选领导不存在或不在本督查室的管辖范围内',
});

export const deadlineOrOngoing = (field: string): FieldProblem => ({
  field,
  reason: '请填写办结时限(YYYY-MM-DD),或选择“长期事项”',
});

export const deadlineAndOngoing = (field: string): FieldProblem => ({
  field,
  reason: '办结时限与“长期事项”只能选择一个',
});

export const invalidDate = (field: string): FieldProblem => ({
  field,
  reason: '日期格式不正确,应为 YYYY-MM-DD,例如 2026-12-31',
});

export const deadlineInPast = (field: string, today: string): FieldProblem => ({
  field,
  reason: `办结时限不能早于今天(${today})`,
});

export const ongoingWithoutCadence = (field: string): FieldProblem => ({
  field,
  reason: '长期事项须定期报送进展:请为报送周期选择每周、每月或每季度',
});

export const leadMissing = (field: string): FieldProblem => ({
  field,
  reason: '至少需要一个牵头单位',
});

export const invalidWorkPolicy = (problems: PolicyProblem[]) =>
  invalid(
    problems.map((p) => ({ field: `policy.${p.field}`, reason: p.reason })),
    `督办规则有误:${problems.map((p) => `“${p.field}”${p.reason}`).join(';')}`,
  );

/** The task has no instruction document (not an instruction, or none was uploaded). */
export const documentMissing = () => new DomainException(ErrorCode.NOT_FOUND, '该事项没有批示原件');

export const workNotFound = () => new DomainException(ErrorCode.NOT_FOUND, '督办事项不存在');
export const workOutOfScope = () => new OutOfScope('督办事项');

export const itemClosed = (status: string) =>
  new DomainException(ErrorCode.TASK_CLOSED, '该事项已办结或已撤销,不能再修改', { status });

export const nothingToEdit = () =>
  invalid([{ field: 'text', reason: '请至少修改一项:事项内容、牵头单位、配合单位或办结时限' }]);

/** A spreadsheet row's problems: the row number and the column name as the sheet shows them. */
export interface SheetProblem {
  row: number;
  column: string;
  reason: string;
}

export const sheetInvalid = (problems: SheetProblem[]) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `表格有 ${problems.length} 处需要修改,未导入任何事项:` +
      problems
        .slice(0, 5)
        .map((p) => `第${p.row}行“${p.column}”${p.reason}`)
        .join(';') +
      (problems.length > 5 ? ' 等' : ''),
    problems.map((p) => ({ field: `第${p.row}行.${p.column}`, ...p })),
  );

export const sheetFileMissing = () =>
  new DomainException(ErrorCode.FILE_MISSING, '请上传填好的督办事项表格(file,.xlsx)', [
    { field: 'file', reason: '必须上传' },
  ]);

export const sheetUnreadable = (message: string) =>
  new DomainException(ErrorCode.CORRUPT_FILE, message, [{ field: 'file', reason: message }]);

export const sheetWrongColumns = (missing: string[]) =>
  new DomainException(
    ErrorCode.WRONG_COLUMNS,
    `表格缺少以下列:${missing.join('、')}。请下载督办事项模板,在模板中填写后上传`,
    { missing },
  );
