import { Prisma } from '../../generated/prisma/client';

/**
 * The counts /metrics reads from PostgreSQL at scrape time. Each is set-based and bounded by an
 * index: a recent window (`since`) or a status whose rows are few (pending, due but unsent).
 */

export interface DeliveryCountRow {
  channel: string;
  status: string;
  n: number;
}

/** Deliveries created since `since` by channel and status (index delivery(status, created_at)). */
export function deliveriesSince(since: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT channel::text AS channel, status::text AS status, count(*)::int AS n
    FROM delivery
    WHERE status IN ('PENDING', 'SENT', 'FAILED') AND created_at > ${since}
    GROUP BY 1, 2`;
}

export interface OldestRow {
  n: number;
  oldest: Date | null;
}

/** Deliveries still PENDING, whatever their age, and the creation time of the oldest. */
export const pendingDeliveries = Prisma.sql`
  SELECT count(*)::int AS n, min(created_at) AS oldest FROM delivery WHERE status = 'PENDING'`;

export interface ReminderCountRow {
  status: string;
  n: number;
}

/**
 * Reminders whose time came in (since, now], by status: due against sent (index reminder(status,
 * fire_at)).
 */
export function remindersDue(since: Date, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT status::text AS status, count(*)::int AS n
    FROM reminder
    WHERE status IN ('PENDING', 'SENT', 'SKIPPED', 'CANCELLED', 'FAILED')
      AND fire_at > ${since} AND fire_at <= ${now}
    GROUP BY 1`;
}

/** Reminders due by `now` and not sent yet, whatever their age, and the due time of the oldest. */
export function remindersUnsent(now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*)::int AS n, min(fire_at) AS oldest
    FROM reminder WHERE status = 'PENDING' AND fire_at <= ${now}`;
}

export interface ConnectionRow {
  state: string;
  n: number;
}

/**
 * Server-side connections of the application role to this database, by state, over every process
 * of the service (each process's own pool is reported from the pool itself).
 */
export const roleConnections = Prisma.sql`
  SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n
  FROM pg_stat_activity
  WHERE usename = current_user AND datname = current_database()
  GROUP BY 1`;
