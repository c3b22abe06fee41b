import { Prisma } from '../../generated/prisma/client';

/** Every stored year with its counts of holidays and make-up working days (CalendarYearSummaryDto rows). */
export function selectYearSummaries(): Prisma.Sql {
  return Prisma.sql`
      SELECT y.year, y.provisional, y.source, y.updated_at AS "updatedAt",
             (count(d.date) FILTER (WHERE d.kind = 'HOLIDAY'))::int AS holidays,
             (count(d.date) FILTER (WHERE d.kind = 'MAKEUP_WORKDAY'))::int AS "makeupWorkdays"
      FROM calendar_year y LEFT JOIN calendar_day d ON d.year = y.year
      GROUP BY y.year
      ORDER BY y.year`;
}

/** The year's row, locked until the transaction ends (rows `{ provisional, source }`). */
export function lockYear(year: number): Prisma.Sql {
  return Prisma.sql`
        SELECT provisional, source FROM calendar_year WHERE year = ${year} FOR UPDATE`;
}

/** Creates or updates the year as an administrator's. */
export function upsertAdminYear(year: number, provisional: boolean): Prisma.Sql {
  return Prisma.sql`
        INSERT INTO calendar_year (year, provisional, source, updated_at)
        VALUES (${year}, ${provisional}, 'admin', clock_timestamp())
        ON CONFLICT (year) DO UPDATE
          SET provisional = excluded.provisional, source = excluded.source, updated_at = excluded.updated_at`;
}

/** Deletes the year's days, answering them (rows `{ date, kind }`, as text). */
export function deleteYearDays(year: number): Prisma.Sql {
  return Prisma.sql`
        DELETE FROM calendar_day WHERE year = ${year} RETURNING date::text AS date, kind::text AS kind`;
}

/** Inserts the year's days (dates YYYY-MM-DD, kinds of CalendarDayKind). */
export function insertYearDays(
  year: number,
  days: readonly { date: string; kind: string; name?: string | null }[],
): Prisma.Sql {
  return Prisma.sql`
        INSERT INTO calendar_day (date, year, kind, name)
        SELECT d.date::date, ${year}, d.kind::"CalendarDayKind", d.name
        FROM unnest(
          ${days.map((d) => d.date)}::text[],
          ${days.map((d) => d.kind)}::text[],
          ${days.map((d) => d.name ?? null)}::text[]
        ) AS d(date, kind, name)`;
}
