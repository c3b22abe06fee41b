import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { PolicyProblem } from '../plan-policy/resolve-policy';
import type { PlanParseError } from './import/plan-parse.errors';
import { formatItemNos } from './plan-review';

/** Every refusal of the plans module (import, corrections, review, policy), with its Chinese text. */

const invalid = (field: string, reason: string, message: string) =>
  new DomainException(ErrorCode.VALIDATION_FAILED, message, [{ field, reason }]);

/** `what` is how the sentence names the plan: 方案 (the plan page), 该方案 (its policy). */
export const planNotFound = (what: '方案' | '该方案' = '该方案') => notFound(what);

export const planFileMissing = () =>
  new DomainException(ErrorCode.FILE_MISSING, '请上传方案文件(file)或填写方案正文(text)', [
    { field: 'file', reason: '必须填写' },
  ]);

/** The reader could not read the document: its code, where it stopped. */
export const planUnreadable = (err: PlanParseError, file: string) =>
  new DomainException(err.code as ErrorCode, err.message, {
    file,
    line: err.line ?? null,
    cell: err.cell ?? null,
  });

export const invalidDefaultDeadline = (value: string) =>
  new DomainException(
    ErrorCode.INVALID_DEFAULT_DEADLINE,
    `默认截止日期“${value}”格式不正确,应为 YYYY-MM-DD,例如 2026-12-31`,
    [{ field: 'defaultDueOn', reason: '必须是日期,格式为 YYYY-MM-DD' }],
  );

export const unknownImportRegion = () =>
  invalid('regionId', '地区不存在', '所选地区不存在,请先在地区管理中创建该地区');

// ——— corrections (`i` is the correction's index in its list) ———

export const correctedItemNotInPlan = (i: number, no: number) =>
  invalid(`corrections.items[${i}].no`, '方案中没有这一项', `更正内容有误:方案中没有第${no}项`);

export const correctedDeadlineInvalid = (i: number, no: number) =>
  invalid(
    `corrections.items[${i}].dueOn`,
    '必须是日期,格式为 YYYY-MM-DD',
    `更正内容有误:第${no}项的截止日期应为 YYYY-MM-DD 格式`,
  );

export const correctedLeadEmpty = (i: number, no: number) =>
  invalid(
    `corrections.items[${i}].lead`,
    '至少需要一个牵头单位',
    `更正内容有误:第${no}项至少需要一个牵头单位`,
  );

export const correctedDepartmentUnknown = (i: number, printed: string) =>
  invalid(
    `corrections.units[${i}].departmentId`,
    '单位名录中没有这个部门',
    `更正内容有误:为“${printed}”选择的部门不在单位名录中`,
  );

export const correctedUnitNotInPlan = (i: number, printed: string) =>
  invalid(
    `corrections.units[${i}].printed`,
    '方案中没有这个单位',
    `更正内容有误:方案中没有“${printed}”这个单位`,
  );

// ——— commit gates ———

/** Items whose reading needs a look and got none; `review` lists each with its reasons. */
export const reviewNotConfirmed = (
  unconfirmed: number[],
  review: { no: number; reasons: string[] }[],
) =>
  new DomainException(
    ErrorCode.REVIEW_NOT_CONFIRMED,
    `第${formatItemNos(unconfirmed)}项(共 ${review.length} 项)的识别结果需要人工核对,尚未确认。` +
      '请在预览中逐项核对,确认无误的勾选“确认无误”,有误的更正其牵头单位和配合单位,然后再导入。',
    { items: unconfirmed, review },
  );

export const itemsWithoutLead = (items: number[]) =>
  new DomainException(
    ErrorCode.ITEMS_WITHOUT_LEAD,
    `第${items.join('、')}项没有读到牵头单位。请在预览中为这些事项指定牵头单位,或选择不导入。`,
    { items },
  );

export const unknownUnits = (units: string[]) =>
  new DomainException(
    ErrorCode.UNKNOWN_UNITS,
    `方案中有 ${units.length} 个单位不在单位名录中:${units.join('、')}。请在预览中为每个单位选择对应的部门或确认新建后再导入。`,
    { unknownUnits: units },
  );

/** The diff was computed against a version another import has replaced since. */
export const planRevisedMeanwhile = () =>
  new DomainException(ErrorCode.CONFLICT, '该方案刚刚被另一次导入修改过,请重新预览后再提交');

// ——— policy ———

export const invalidPolicy = (problems: PolicyProblem[]) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `提醒规则有误:${problems.map((p) => `“${p.field}”${p.reason}`).join(';')}`,
    problems,
  );
