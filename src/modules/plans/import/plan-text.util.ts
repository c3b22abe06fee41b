/** Plan helpers beside the text ones: printed calendar dates, source-line maps, document numbers. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD when the calendar date exists, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function endOfMonth(year: number, month: number): string | null {
  if (month < 1 || month > 12) return null;
  return isoDate(year, month, lastDayOfMonth(year, month));
}

/** Adds whole years/months (clamped to the month's last day) or days to an ISO date. */
export function addToIsoDate(
  iso: string,
  amount: number,
  unit: 'year' | 'month' | 'week' | 'day',
): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || !Number.isInteger(amount)) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (unit === 'day' || unit === 'week') {
    const t = new Date(Date.UTC(y, mo - 1, d + amount * (unit === 'week' ? 7 : 1)));
    return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const months = y * 12 + (mo - 1) + amount * (unit === 'year' ? 12 : 1);
  const ny = Math.floor(months / 12);
  const nm = (months % 12) + 1;
  return isoDate(ny, nm, Math.min(d, lastDayOfMonth(ny, nm)));
}

/** Reads YYYY年M月D日 or YYYY-MM-DD (also / and .) at the start of `s`. */
export function readDate(s: string): string | null {
  const m =
    /^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(s) ??
    /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/.exec(s);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** Maps offsets of a text joined from several source lines back to 1-based line numbers. */
export class LineMap {
  private readonly starts: number[] = [];
  private readonly lines: number[] = [];

  add(offset: number, line: number): void {
    this.starts.push(offset);
    this.lines.push(line);
  }

  lineAt(offset: number): number {
    let found = this.lines[0] ?? 1;
    for (let i = 0; i < this.starts.length && this.starts[i] <= offset; i++) found = this.lines[i];
    return found;
  }
}

/** `苏办〔2012〕85号`; also `[2012]`, `【2012】`, `(2012)` brackets. */
export const DOC_NUMBER_RE =
  /[\u4e00-\u9fff]{1,12}\s*[〔[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*第?\s*\d+\s*号/;
