/**
 * Default names of a department's counterpart one level down (省民政厅 → 南京市民政局 → 江宁区民政局).
 * Pure: the administrator corrects what these rules get wrong, and the correction is kept as data.
 */

export type RegionLevelName = 'PROVINCE' | 'CITY' | 'COUNTY';

/** Whole names whose counterpart is not a plain change of prefix (courts, party and government offices). */
const SPECIAL: { upper: RegExp; lower: (region: string, level: RegionLevelName) => string }[] = [
  { upper: /^(省|市|县|区)委办公厅$|^(省|市)委办公室$/, lower: (r) => `${r}委办公室` },
  { upper: /^(省|市)政府办公厅$|^(省|市)政府办公室$/, lower: (r) => `${r}政府办公室` },
  {
    upper: /^(省|市)(高级|中级)?(人民)?法院$/,
    lower: (r, level) => (level === 'COUNTY' ? `${r}人民法院` : `${r}中级人民法院`),
  },
  { upper: /^(省|市)(人民)?检察院$/, lower: (r) => `${r}人民检察院` },
  { upper: /^团(省|市)委$/, lower: (r) => `团${r}委` },
];

/** Departments of the central government's vertical systems: no local counterpart by name. */
const VERTICAL = /(保监局|证监局|银监局|人民银行|分行|海关|出入境检验检疫)/;

/** A provincial department (厅) is a bureau (局) below the province. */
function lowerSuffix(rest: string): string {
  return rest.endsWith('厅') ? `${rest.slice(0, -1)}局` : rest;
}

/**
 * The counterpart's name in `regionName` (a city or county), or null when no rule applies.
 *
 * @param upperName the department's name at the level above
 * @param upperRegionName the name of the region above (null = the top office, whose departments
 *   start with 省); a city department 南京市民政局 becomes 江宁区民政局
 */
export function counterpartName(
  upperName: string,
  upperRegionName: string | null,
  regionName: string,
  level: RegionLevelName,
): string | null {
  const name = upperName.trim();
  if (VERTICAL.test(name)) return null;
  // Collective units keep their shape: 省老龄委各成员单位 → 南京市老龄委各成员单位; 各…单位 → 南京市各…单位.
  if (name.startsWith('各')) return `${regionName}${name}`;
  // A department of a region reads like a provincial one once its region's name is a level word.
  const generic =
    upperRegionName !== null && name.includes(upperRegionName)
      ? name.replace(upperRegionName, '市')
      : name;
  for (const rule of SPECIAL) {
    if (rule.upper.test(generic)) return rule.lower(regionName, level);
  }
  const prefix = /^(省|市|县|区)/.exec(generic);
  if (!prefix) return null;
  return `${regionName}${lowerSuffix(generic.slice(prefix[0].length))}`;
}
