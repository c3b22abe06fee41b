import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';

// Every refusal of the regions module: the hierarchy and the counterpart links.

export const regionNotFound = () => notFound('该地区');

export const regionCodeTaken = (code: string) =>
  new DomainException(ErrorCode.CONFLICT, `地区代码“${code}”已被使用`, [
    { field: 'code', reason: '已存在' },
  ]);

export const regionCycle = (name: string) =>
  new DomainException(
    ErrorCode.REGION_CYCLE,
    `不能把“${name}”移到它自己或它的下级地区之下:地区层级不能形成循环`,
    [{ field: 'parentId', reason: '不能是该地区自身或其下级' }],
  );

export const parentRegionMissing = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '上级地区不存在', [
    { field: 'parentId', reason: '上级地区不存在' },
  ]);

/** `levelName` may not sit below the `parentLevelName` region `parentName` (names as 省, 市, 县(区)). */
export const regionLevelNotBelow = (
  levelName: string,
  parentLevelName: string,
  parentName: string,
) =>
  new DomainException(
    ErrorCode.REGION_LEVEL,
    `${levelName}级地区不能设在${parentLevelName}级地区“${parentName}”之下`,
    [{ field: 'level', reason: '必须低于上级地区的层级' }],
  );

export const unknownRegions = () =>
  new DomainException(ErrorCode.NOT_FOUND, '所选地区中有不存在的地区', [
    { field: 'regionIds', reason: '地区不存在' },
  ]);

/** Link `i` names a department that is not of the level above the region. */
export const notUpperDepartment = (i: number) =>
  invalidLink(`links[${i}].departmentId`, '不是上一级的部门', '所选部门不是该地区上一级的部门');

/** Link `i` names a counterpart that is not a department of `regionName`. */
export const notRegionDepartment = (i: number, regionName: string) =>
  invalidLink(
    `links[${i}].counterpartId`,
    '不是本地区的部门',
    `对应部门必须是“${regionName}”的部门`,
  );

function invalidLink(field: string, reason: string, message: string): DomainException {
  return new DomainException(ErrorCode.VALIDATION_FAILED, message, [{ field, reason }]);
}
