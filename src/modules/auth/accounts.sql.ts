import { Prisma } from '../../generated/prisma/client';

// Statements of sign-in security that must hold with several API processes: each is one atomic
// conditional UPDATE, so concurrent requests cannot both pass a limit.

export interface FailureRow {
  failed_logins: number;
  locked_until: Date | null;
  /** True when this failure locked the account. */
  locked_now: boolean;
}

/**
 * Counts one failed sign-in of `personId` at `now`. Failures older than the window start a new
 * count; reaching `maxFailures` locks the account until `now + lockMs` and clears the count.
 */
export function recordLoginFailure(
  personId: string,
  now: Date,
  windowMs: number,
  maxFailures: number,
  lockMs: number,
): Prisma.Sql {
  return Prisma.sql`
    WITH counted AS (
      SELECT id,
             CASE WHEN failed_logins_since > ${now}::timestamptz - make_interval(secs => ${windowMs / 1000})
                  THEN failed_logins + 1 ELSE 1 END AS n,
             CASE WHEN failed_logins_since > ${now}::timestamptz - make_interval(secs => ${windowMs / 1000})
                  THEN failed_logins_since ELSE ${now}::timestamptz END AS since
      FROM person WHERE id = ${personId}::uuid FOR UPDATE
    )
    UPDATE person p SET
      failed_logins = CASE WHEN c.n >= ${maxFailures}::int THEN 0 ELSE c.n END,
      failed_logins_since = CASE WHEN c.n >= ${maxFailures}::int THEN NULL ELSE c.since END,
      locked_until = CASE WHEN c.n >= ${maxFailures}::int
                          THEN ${now}::timestamptz + make_interval(secs => ${lockMs / 1000})
                          ELSE p.locked_until END
    FROM counted c WHERE p.id = c.id
    RETURNING p.failed_logins, p.locked_until, (c.n >= ${maxFailures}::int) AS locked_now`;
}

/**
 * Marks a live session seen at `now`, unless it ended or was last seen at or before `idleSince`
 * (then no row: the caller finds out which). Never moves `last_seen_at` back.
 */
export function touchSession(sessionId: string, now: Date, idleSince: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE auth_session SET last_seen_at = GREATEST(last_seen_at, ${now}::timestamptz)
    WHERE id = ${sessionId}::uuid AND ended_at IS NULL AND last_seen_at > ${idleSince}::timestamptz
    RETURNING last_seen_at`;
}

/**
 * Accepts TOTP time step `step` for `personId` once: no row when this or a later step was already
 * used (a replayed code).
 */
export function useTotpStep(personId: string, step: number): Prisma.Sql {
  return Prisma.sql`
    UPDATE person SET totp_last_step = ${step}::bigint
    WHERE id = ${personId}::uuid AND totp_secret IS NOT NULL
      AND (totp_last_step IS NULL OR totp_last_step < ${step}::bigint)
    RETURNING id`;
}
