import { Prisma } from '../../generated/prisma/client';

export interface LatestBeatRow {
  component: string;
  beat_at: Date;
}

/** The freshest beat of each component, whichever process beat it. */
export function selectLatestBeats(): Prisma.Sql {
  return Prisma.sql`SELECT component, max(beat_at) AS beat_at FROM heartbeat GROUP BY component`;
}

export interface LateRemindersRow {
  count: number;
  oldest: Date | null;
}

/** Counted up to this many: a backlog's exact size does not change the verdict. */
const LATE_COUNT_CAP = 100_000;

/**
 * Pending reminders due at or before `cutoff` (business time): how many (up to a cap) and the
 * oldest due instant. Both walk the (status, fire_at) index from its start.
 */
export function selectLateReminders(cutoff: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT (SELECT count(*)::int FROM (
              SELECT 1 FROM reminder WHERE status = 'PENDING' AND fire_at <= ${cutoff}
              LIMIT ${LATE_COUNT_CAP}) x) AS count,
           (SELECT min(fire_at) FROM reminder
             WHERE status = 'PENDING' AND fire_at <= ${cutoff}) AS oldest`;
}

export interface IncidentRow {
  id: string;
  opened_at: Date;
  closed_at: Date | null;
  components: IncidentComponent[];
}

/** A component as an incident records it (JSON). */
export interface IncidentComponent {
  component: string;
  code: string;
  since: string;
  message: string;
  firstSeenAt: string;
}

/**
 * Opens the incident unless one is open (`open_key` is unique: two processes racing open one, the
 * loser gets no row). Returns the new incident.
 */
export function openIncident(
  components: IncidentComponent[],
  now: Date,
  instance: string,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO watchdog_incident (open_key, opened_at, components, opened_by)
    VALUES (1, ${now}::timestamptz, ${JSON.stringify(components)}::jsonb, ${instance})
    ON CONFLICT (open_key) DO NOTHING
    RETURNING id::text, opened_at, closed_at, components`;
}

/** Adds to the open incident the components it does not list yet (no new alarm). */
export function extendOpenIncident(components: IncidentComponent[]): Prisma.Sql {
  return Prisma.sql`
    UPDATE watchdog_incident i
    SET components = i.components || (
      SELECT coalesce(jsonb_agg(x), '[]'::jsonb)
      FROM jsonb_array_elements(${JSON.stringify(components)}::jsonb) x
      WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(i.components) y
                        WHERE y->>'component' = x->>'component'))
    WHERE i.open_key = 1`;
}

/**
 * Forgets the rows of processes gone before `cutoff` (each restart is a new `<host>:<pid>`), but
 * never a component's freshest row: a component silent for that long stays stale, not unknown.
 */
export function pruneHeartbeats(cutoff: Date): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM heartbeat h
    WHERE h.beat_at < ${cutoff}::timestamptz
      AND EXISTS (SELECT 1 FROM heartbeat f WHERE f.component = h.component AND f.beat_at > h.beat_at)`;
}

/** Closes the open incident (one process wins: the others find none). Returns it. */
export function closeIncident(now: Date, instance: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE watchdog_incident
    SET open_key = NULL, closed_at = ${now}::timestamptz, closed_by = ${instance}
    WHERE open_key = 1
    RETURNING id::text, opened_at, closed_at, components`;
}
