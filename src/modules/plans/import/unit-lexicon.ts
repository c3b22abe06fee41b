/** What a unit name looks like, by morphology (…部 …厅 …局, 各… 有关…), never by a list of names. */
import { normalizeChars } from '../../../common/text/normalize-chars';

/** Endings of unit names: ministries, bureaus, offices, governments, banks, collectives. */
export const UNIT_END_RE =
  /(部|委|厅|局|办|署|院|行|会|府|中心|室|处|社|团|联|组|站|所|队|馆|校|大学|学院|司|公司|集团|海关|关|单位|部门|机构|机关|党委|党组|工委|总社|街道|乡镇|镇|乡|村|社区|企业|基地|园区|开发区|新区|高新区|军区|警备区|中央|专班|医院|台|报|口岸|总会|办事处|管理处|指挥部|协会|商会|科|股|厂|场|矿|站|网|公安|法院|检察院|政协|人大|市委|县委|区委|省委)$/;
/** Collective bodies: `各…`, `有关…`, `相关…`, `…成员单位`. */
const COLLECTIVE_RE =
  /^(各|有关|相关|其他|其它|全体|所属)|成员单位|各部门|各直属机构|各专班|各单位$/;

/** True when a list entry reads like the name of a unit (or a class of units). */
export function looksLikeUnit(entry: string): boolean {
  const n = normalizeChars(entry)
    .replace(/\([^)]*\)$/, '')
    .replace(/\s+/g, '');
  if (n.length < 2 || n.length > 40) return false;
  if (/[。!?“”《》]|\d{3,}/.test(n)) return false;
  return UNIT_END_RE.test(n) || COLLECTIVE_RE.test(n);
}

/** A collective unit names a group rather than one office: `各…`, `有关…`, `…成员单位`. */
export function isCollectiveUnit(unit: string): boolean {
  const u = normalizeChars(unit).trim();
  return /^(各|有关|相关)/.test(u) || /成员单位|各部门|各直属机构|各专班/.test(u);
}

/** Administrative levels that are not a unit by themselves: `各区`, `各有关区` in `各区、县级市政府`. */
export const ADMIN_ONLY_RE =
  /^(?:各|有关|相关)*(省|市|县|区|乡|镇|村|街道|乡镇|设区市|省辖市|县级市|地|州|盟|旗|自治州|自治县|地市|市州)(\([^)]*\))?$/;
export const ADMIN_START_RE = /^(省|市|县|区|乡|镇|村|街道|州|盟|旗|自治|地)/;
