// The archiver's statements (prepared texts for the `pg` driver: it runs on the owner's own
// connection, outside Prisma, so that it can stream and hold one transaction per month).

/** Serialises archivers: one at a time, whatever the number of operators or timers. */
export const ARCHIVE_LOCK = `SELECT pg_advisory_xact_lock(72707370)`;

/** The oldest event before the first month that must stay. */
export const OLDEST_BEFORE = `SELECT min(at) AS at FROM audit_event WHERE at < $1`;

/** One batch of a month's events, in id order, after the id $3. */
export const MONTH_BATCH = `
  SELECT id::text AS id, at, actor_id, action, entity_type, entity_id, data, before, after,
         request_id, source_ip
  FROM audit_event
  WHERE at >= $1 AND at < $2 AND id > $3::bigint
  ORDER BY id
  LIMIT $4`;

export interface ArchivedEventRow {
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: unknown;
  before: unknown;
  after: unknown;
  request_id: string | null;
  source_ip: string | null;
}

export const INSERT_ARCHIVE = `
  INSERT INTO audit_archive
    (archived_at, month, period_start, period_end, file_name, row_count, first_id, last_id, sha256, bytes)
  VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, $8::bigint, $9, $10)
  RETURNING id::text AS id`;

/** Opens the append-only trigger's one door, for this transaction only (see the migration). */
export const ALLOW_ARCHIVE_DELETE = `SELECT set_config('duban.audit_archive', 'on', true)`;

/** Removes exactly the archived rows: the month's, within the archived id range. */
export const DELETE_ARCHIVED = `
  DELETE FROM audit_event WHERE at >= $1 AND at < $2 AND id BETWEEN $3::bigint AND $4::bigint`;

/** The archive's own trace in the trail. */
export const RECORD_ARCHIVED = `
  INSERT INTO audit_event (at, actor_id, action, entity_type, entity_id, data)
  VALUES ($1, NULL, 'audit.archived', 'audit_archive', $2, $3::jsonb)`;
