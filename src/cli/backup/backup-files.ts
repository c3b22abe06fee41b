import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { databaseUnreachable } from './backup.errors';

/** One file of a backup, as the manifest records it. */
export interface FileEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * The files a backup carries from `dir`: regular files at its top level, except those whose name
 * starts with a dot (an upload or an archive being written: `.tmp-…`, `.audit-….partial`).
 */
export function filesOf(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isFile())
    .sort();
}

/** Copies every file of `from` (see filesOf) into `to`, created; returns what was copied. */
export async function copyFiles(from: string, to: string): Promise<FileEntry[]> {
  await mkdir(to, { recursive: true });
  const copied: FileEntry[] = [];
  for (const name of filesOf(from)) {
    const target = join(to, name);
    await copyFile(join(from, name), target);
    // Hashed from the copy: the manifest vouches for what the backup holds.
    copied.push({ name, bytes: statSync(target).size, sha256: await sha256File(target) });
  }
  return copied;
}

/** Where a connection string points, without its password (for messages). */
export function describeUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.password = '';
  url.search = '';
  return url.toString();
}

/** Connects as `url`; a refusal names the database, never the password. */
export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw Object.assign(databaseUnreachable(describeUrl(url), (err as Error).message), {
      pgCode: (err as { code?: string }).code,
    });
  }
  return client;
}

/** Tables and partitioned tables of schema `public`, read from the catalogue, by name. */
export async function tableRowCounts(client: Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const { rows: r } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`,
    );
    counts[name] = Number(r[0]!.n);
  }
  return counts;
}
