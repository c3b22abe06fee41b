import { Prisma } from '../../generated/prisma/client';

/** A text that changes whenever a year is added or changed (rows `{ version }`). */
export function selectCalendarVersion(): Prisma.Sql {
  return Prisma.sql`
      SELECT (count(*)::text || ':' || coalesce(max(updated_at)::text, '')) AS version FROM calendar_year`;
}
