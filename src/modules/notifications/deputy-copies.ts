import { Prisma } from '../../generated/prisma/client';
import type { LocalDate } from '../../common/time/local-date';
import type { OutgoingMessage } from './notifications.types';

/** A deputyship (委托) in force: messages to `person_id` are also addressed to `deputy_id`. */
export interface DeputyRow {
  person_id: string;
  person_name: string;
  deputy_id: string;
  deputy_name: string;
}

/** The deputyships in force on `today` of these people (not revoked, the deputy still active). */
export function selectActiveDeputies(personIds: readonly string[], today: LocalDate): Prisma.Sql {
  return Prisma.sql`
    SELECT dp.person_id::text, p.display_name AS person_name,
           dp.deputy_id::text, d.display_name AS deputy_name
    FROM deputy dp JOIN person p ON p.id = dp.person_id JOIN person d ON d.id = dp.deputy_id
    WHERE dp.person_id = ANY(${personIds}::uuid[]) AND dp.revoked_at IS NULL
      AND dp.starts_on <= ${today}::date AND dp.ends_on >= ${today}::date AND d.active
    ORDER BY dp.starts_on, dp.id`;
}

/**
 * The messages with a copy for each deputy in force of their recipient (pure): the person keeps
 * their own message, and the deputy gets the same one addressed "张三(代李四收)", under the
 * original dedupe key plus `-deputy-<deputyId>`, so that the copy is sent once like the original.
 */
export function withDeputyCopies(
  messages: OutgoingMessage[],
  deputies: readonly DeputyRow[],
): OutgoingMessage[] {
  if (deputies.length === 0) return messages;
  const byPerson = new Map<string, DeputyRow[]>();
  for (const d of deputies) byPerson.set(d.person_id, [...(byPerson.get(d.person_id) ?? []), d]);
  return messages.flatMap((m) => {
    const copies = (m.recipientId ? (byPerson.get(m.recipientId) ?? []) : []).map(
      (d): OutgoingMessage => ({
        ...m,
        dedupeKey: `${m.dedupeKey}-deputy-${d.deputy_id}`,
        recipientId: d.deputy_id,
        vars: { ...m.vars, recipientName: `${d.deputy_name}(代${d.person_name}收)` },
      }),
    );
    return [m, ...copies];
  });
}
