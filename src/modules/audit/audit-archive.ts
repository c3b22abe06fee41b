import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { BUSINESS_ZONE } from '../../common/time/local-date';
import {
  ALLOW_ARCHIVE_DELETE,
  ARCHIVE_LOCK,
  ArchivedEventRow,
  DELETE_ARCHIVED,
  INSERT_ARCHIVE,
  MONTH_BATCH,
  OLDEST_BEFORE,
  RECORD_ARCHIVED,
} from './audit-archive.sql';

/** The shortest retention 等保2.0 三级 accepts (days); the setting cannot go below it. */
export const MIN_RETENTION_DAYS = 180;

export interface ArchiveOptions {
  /** A connection string of the audit table's OWNER (the trigger lets only the owner delete). */
  ownerUrl: string;
  dir: string;
  retentionDays: number;
  now: Date;
  /** Rows read per query (memory stays flat however large the month). */
  batch?: number;
}

export interface ArchivedMonth {
  month: string;
  fileName: string;
  rows: number;
  firstId: string;
  lastId: string;
  sha256: string;
  bytes: number;
}

/** One archived event, as a line of the file: every column, ids as text, times in ISO 8601 UTC. */
function toLine(r: ArchivedEventRow): string {
  return `${JSON.stringify({
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    data: r.data,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
    sourceIp: r.source_ip,
  })}\n`;
}

/**
 * The first instant of the first month that must stay: every whole Shanghai month ending on or
 * before `now - retentionDays` may leave the table.
 */
export function keepFrom(now: Date, retentionDays: number): Date {
  return DateTime.fromJSDate(now, { zone: BUSINESS_ZONE })
    .minus({ days: retentionDays })
    .startOf('month')
    .toJSDate();
}

/**
 * Moves every month of the audit trail older than the retention to a gzip file of JSON lines in
 * `dir`, oldest first, one transaction per month: the file is written and synced, its SHA-256,
 * row count and first/last id are recorded in audit_archive, and only then are exactly those rows
 * deleted (the append-only trigger allows it to the table's owner, in this transaction, for rows an
 * archive row accounts for). A failure leaves the month in the table and no file behind.
 */
export async function archiveAuditTrail(opts: ArchiveOptions): Promise<ArchivedMonth[]> {
  if (opts.retentionDays < MIN_RETENTION_DAYS) {
    throw new Error(`retention must be at least ${MIN_RETENTION_DAYS} days`);
  }
  const boundary = keepFrom(opts.now, opts.retentionDays);
  const client = new Client({ connectionString: opts.ownerUrl });
  await client.connect();
  await mkdir(opts.dir, { recursive: true });
  const done: ArchivedMonth[] = [];
  try {
    const { rows } = await client.query<{ at: Date | null }>(OLDEST_BEFORE, [boundary]);
    if (!rows[0]?.at) return done;
    let month = DateTime.fromJSDate(rows[0].at, { zone: BUSINESS_ZONE }).startOf('month');
    while (month.toJSDate() < boundary) {
      const archived = await archiveMonth(client, opts, month);
      if (archived) done.push(archived);
      month = month.plus({ months: 1 });
    }
    return done;
  } finally {
    await client.end();
  }
}

async function archiveMonth(
  client: Client,
  opts: ArchiveOptions,
  month: DateTime,
): Promise<ArchivedMonth | null> {
  const start = month.toJSDate();
  const end = month.plus({ months: 1 }).toJSDate();
  const label = month.toFormat('yyyy-MM');
  const tmp = join(opts.dir, `.audit-${label}.${process.pid}.partial`);
  let final: string | null = null;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  try {
    await client.query(ARCHIVE_LOCK);
    const hash = createHash('sha256');
    let bytes = 0;
    let count = 0;
    let firstId: string | null = null;
    let lastId = '0';
    const batch = opts.batch ?? 5000;
    async function* lines(): AsyncGenerator<string> {
      for (;;) {
        const { rows } = await client.query<ArchivedEventRow>(MONTH_BATCH, [
          start,
          end,
          lastId,
          batch,
        ]);
        for (const r of rows) {
          firstId ??= r.id;
          lastId = r.id;
          count++;
          yield toLine(r);
        }
        if (rows.length < batch) return;
      }
    }
    const measure = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        bytes += chunk.length;
        cb(null, chunk);
      },
    });
    await pipeline(lines(), createGzip(), measure, createWriteStream(tmp));
    if (count === 0 || firstId === null) {
      await client.query('ROLLBACK');
      await rm(tmp, { force: true });
      return null;
    }
    const fh = await open(tmp, 'r');
    await fh.sync();
    await fh.close();
    const fileName = `audit-${label}_${firstId}-${lastId}.jsonl.gz`;
    final = join(opts.dir, fileName);
    await rename(tmp, final);
    const sha256 = hash.digest('hex');
    const archivedAt = opts.now;
    const inserted = await client.query<{ id: string }>(INSERT_ARCHIVE, [
      archivedAt,
      label,
      start,
      end,
      fileName,
      count,
      firstId,
      lastId,
      sha256,
      bytes,
    ]);
    await client.query(ALLOW_ARCHIVE_DELETE);
    const deleted = await client.query(DELETE_ARCHIVED, [start, end, firstId, lastId]);
    if (deleted.rowCount !== count) {
      throw new Error(
        `archive of ${label}: wrote ${count} rows but would delete ${deleted.rowCount}`,
      );
    }
    const result = { month: label, fileName, rows: count, firstId, lastId, sha256, bytes };
    await client.query(RECORD_ARCHIVED, [archivedAt, inserted.rows[0]!.id, JSON.stringify(result)]);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    await rm(tmp, { force: true });
    if (final) await rm(final, { force: true });
    throw err;
  }
}
