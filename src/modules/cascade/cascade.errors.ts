import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { LocalDate } from '../../common/time/local-date';
import type { UnmappedUnit } from './cascade.service';

// Cascading a plan (drafts, publishing)

/** Only a published plan is decomposed into the regions below. */
export const cascadeOfDraftPlan = () =>
  new DomainException(
    ErrorCode.PLAN_NOT_PUBLISHED,
    '该方案尚未发布,不能分解到下级地区。请先发布方案。',
  );

export const unknownRegions = () =>
  new DomainException(ErrorCode.NOT_FOUND, '所选地区中有不存在的地区', [
    { field: 'regionIds', reason: '地区不存在' },
  ]);

/** Regions that are not directly below the plan's own region. */
export const regionsNotBelowPlan = (regionNames: string[]) =>
  new DomainException(
    ErrorCode.REGION_NOT_BELOW_PLAN,
    `${regionNames.join('、')}不是本方案所属层级的直接下级地区,不能直接分解到这些地区`,
    [{ field: 'regionIds', reason: '必须是方案所属地区的直接下级' }],
  );

/** Item numbers the plan does not have. */
export const unknownItems = (nos: number[]) =>
  new DomainException(ErrorCode.VALIDATION_FAILED, `方案中没有第${nos.join('、')}项`, [
    { field: 'items', reason: '事项编号不存在' },
  ]);

/** A deadline given for an item the cascade does not decompose (`index` in `deadlines`). */
export const deadlineOutsideCascade = (no: number, index: number) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `第${no}项不在本次分解的事项中,不能为它设定期限`,
    [{ field: `deadlines[${index}].no`, reason: '事项不在本次分解范围内' }],
  );

export const malformedDeadline = (no: number, dueOn: string, index: number) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `第${no}项的期限“${dueOn}”格式不正确,应为 YYYY-MM-DD`,
    [{ field: `deadlines[${index}].dueOn`, reason: '必须是日期,格式为 YYYY-MM-DD' }],
  );

/** Deadlines for the regions later than the plan's own: a region may bring a deadline forward only. */
export const cascadeDeadlinesAfterParent = (
  late: { no: number; dueOn: LocalDate; parentDueOn: LocalDate }[],
) =>
  new DomainException(
    ErrorCode.CHILD_DEADLINE_AFTER_PARENT,
    late.map((o) => `第${o.no}项的期限 ${o.dueOn} 晚于上级方案的期限 ${o.parentDueOn}`).join(';') +
      '。下级期限可以提前,不能推后。',
    late.map((o) => ({ field: 'deadlines', ...o })),
  );

/** Regions where a department of the plan has no counterpart: nothing was created. */
export const unmappedUnits = (
  refused: { region: { id: string; name: string }; units: UnmappedUnit[] }[],
) => {
  const sample = refused
    .slice(0, 3)
    .map((r) => `${r.region.name}:${r.units.map((u) => u.departmentName).join('、')}`)
    .join(';');
  return new DomainException(
    ErrorCode.UNMAPPED_UNITS,
    `${refused.length} 个地区有部门没有对应的本级部门(${sample}${refused.length > 3 ? '……' : ''})。` +
      '请先在地区管理中设置对应部门,或选择不分解这些地区。未创建任何内容。',
    refused.map((r) => ({ regionId: r.region.id, regionName: r.region.name, unmapped: r.units })),
  );
};

export const planAlreadyPublished = () =>
  new DomainException(ErrorCode.PLAN_ALREADY_PUBLISHED, '该方案已经发布,无需再次发布');

// Linking a region's own plan to the plan above

export const planLinkedElsewhere = () =>
  new DomainException(ErrorCode.PLAN_ALREADY_LINKED, '该方案已经关联到另一个上级方案');

/** The region already has a plan decomposed from (or linked to) this parent plan. */
export const regionAlreadyLinked = (regionName: string) =>
  new DomainException(
    ErrorCode.PLAN_ALREADY_LINKED,
    `${regionName}已有一个分解自该上级方案的方案,不能再关联第二个`,
  );

export const parentPlanNotPublished = () =>
  new DomainException(ErrorCode.PLAN_NOT_PUBLISHED, '上级方案尚未发布,不能关联');

export const planRegionNotBelowParent = () =>
  new DomainException(
    ErrorCode.REGION_NOT_BELOW_PLAN,
    '该方案所属地区不是上级方案所属层级的直接下级地区,不能关联',
    [{ field: 'parentPlanId', reason: '方案所属地区必须是上级方案地区的直接下级' }],
  );

/** A link names an item that the plan (`childNo`) or the parent plan (`parentNo`) lacks. */
export const linkedItemMissing = (
  missing: { childNo: number } | { parentNo: number },
  index: number,
) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    'childNo' in missing
      ? `本方案中没有第${missing.childNo}项`
      : `上级方案中没有第${missing.parentNo}项`,
    [{ field: `links[${index}]`, reason: '事项编号不存在' }],
  );

/** Linked items whose deadline is later than (or missing beside) their parent item's. */
export const linkedDeadlinesAfterParent = (
  late: { no: number; parentNo: number; dueOn: LocalDate | null; parentDueOn: LocalDate }[],
) =>
  new DomainException(
    ErrorCode.CHILD_DEADLINE_AFTER_PARENT,
    late
      .map(
        (l) =>
          `第${l.no}项的期限${l.dueOn ? ` ${l.dueOn}` : '(未设定)'}晚于上级第${l.parentNo}项的期限 ${l.parentDueOn}`,
      )
      .join(';') + '。请先把这些事项的期限改为不晚于上级期限。',
    late,
  );
