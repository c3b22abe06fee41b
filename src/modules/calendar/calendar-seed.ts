import { readFileSync } from 'node:fs';
import type { CalendarDayKind } from '../../generated/prisma/enums';
import type { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { LocalDate } from '../../common/time/local-date';
import { insertMissingYears } from './calendar-seed.sql';
import { WorkingDayCalendar } from './working-day-calendar';

/** One exception to the Monday-to-Friday rule. */
export interface CalendarDayEntry {
  date: LocalDate;
  kind: CalendarDayKind;
  name: string | null;
}

/** The holidays and make-up working days bundled with the `chinese-days` package. */
export interface BundledCalendar {
  /** `chinese-days@<version>`, recorded as the source of the years it seeds. */
  source: string;
  /** Every year the package covers (each has its State Council notice). */
  years: number[];
  days: CalendarDayEntry[];
}

interface ChineseDaysJson {
  /** date → `English name,中文名,n` */
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let bundled: BundledCalendar | undefined;

/** Reads the package data once (read from disk rather than imported: the JSON is 200 KB of keys). */
export function bundledCalendar(): BundledCalendar {
  if (bundled) return bundled;
  const read = (file: string): unknown =>
    JSON.parse(readFileSync(require.resolve(`chinese-days/${file}`), 'utf8'));
  const data = read('dist/chinese-days.json') as ChineseDaysJson;
  const { version } = read('package.json') as { version: string };
  const entries = (map: Record<string, string>, kind: CalendarDayKind): CalendarDayEntry[] =>
    Object.entries(map).map(([date, label]) => ({
      date,
      kind,
      name: label.split(',')[1] || null,
    }));
  const days = [
    ...entries(data.holidays, 'HOLIDAY'),
    ...entries(data.workdays, 'MAKEUP_WORKDAY'),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
  bundled = { source: `chinese-days@${version}`, years, days };
  return bundled;
}

/** date → isWorking, the shape WorkingDayCalendar takes. */
export function exceptionsOf(
  days: readonly Pick<CalendarDayEntry, 'date' | 'kind'>[],
): Map<LocalDate, boolean> {
  return new Map(days.map((d) => [d.date, d.kind === 'MAKEUP_WORKDAY']));
}

/** The calendar straight from the package, for when no database is at hand (the CLI offline). */
export function bundledWorkingDayCalendar(): WorkingDayCalendar {
  const { years, days } = bundledCalendar();
  return new WorkingDayCalendar(exceptionsOf(days), new Map(years.map((y) => [y, false])));
}

/**
 * Inserts every bundled year that calendar_year does not have yet, with its days, in one statement.
 * A year that exists is never touched (an administrator may have corrected it). Safe when two
 * instances boot at once: the second waits on the first one's uncommitted year rows, then skips them,
 * and only the years this statement inserted get their days.
 */
export async function seedCalendar(
  db: PrismaService | Tx,
  data: BundledCalendar = bundledCalendar(),
): Promise<{ years: number; days: number }> {
  const [result] = await db.$queryRaw<{ years: number; days: number }[]>(insertMissingYears(data));
  return result;
}
