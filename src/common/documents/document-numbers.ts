/** The numbers and issuer of an office's documents. */

/** 交〔2026〕12号 */
export function assignmentNoticeNo(year: number, seq: number): string {
  return `交〔${year}〕${seq}号`;
}

/** 通报〔2026〕3号 */
export function bulletinNo(year: number, seq: number): string {
  return `通报〔${year}〕${seq}号`;
}

/** The issuing office's name: the top office's (OFFICE_NAME), or `<region>督查室`. */
export function officeName(topOffice: string, regionName: string | null): string {
  return regionName ? `${regionName}督查室` : topOffice;
}
