import { Prisma } from '../../generated/prisma/client';
import type { BundledCalendar } from './calendar-seed';

/**
 * Inserts every year of `data` that calendar_year does not have yet, with its days, in one
 * statement; a year that exists is never touched. Answers one row `{ years, days }` inserted.
 */
export function insertMissingYears(data: BundledCalendar): Prisma.Sql {
  return Prisma.sql`
    WITH new_year AS (
      INSERT INTO calendar_year (year, provisional, source, updated_at)
      SELECT y.year, false, ${data.source}, clock_timestamp()
      FROM unnest(${data.years}::int[]) AS y(year)
      ON CONFLICT (year) DO NOTHING
      RETURNING year
    ), new_day AS (
      INSERT INTO calendar_day (date, year, kind, name)
      SELECT d.date::date, d.year, d.kind::"CalendarDayKind", d.name
      FROM unnest(
        ${data.days.map((d) => d.date)}::text[],
        ${data.days.map((d) => Number(d.date.slice(0, 4)))}::int[],
        ${data.days.map((d) => d.kind)}::text[],
        ${data.days.map((d) => d.name)}::text[]
      ) AS d(date, year, kind, name)
      JOIN new_year USING (year)
      ON CONFLICT (date) DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM new_year)::int AS years, (SELECT count(*) FROM new_day)::int AS days`;
}
