import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { dropDatabase, OWNER_ROLE, withAdmin, withClient } from '../../scripts/kit/services';
import { tableRowCounts } from '../../src/cli/backup/backup-files';
import { runDuban } from '../support/cli-process';
import { createPerson, eventually, login, referencePlan } from '../support/fixtures';
import { validPdf, validPng } from '../support/hostile-files';
import { asOwner, ownerUrl } from '../support/owner-db';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * `duban db backup` and `duban db restore`, each run as a real process the way an operator runs it,
 * with the real pg_dump and pg_restore, on a database populated through the service. Redis is not
 * backed up: the jobs are rebuilt from PostgreSQL (test/faults/redis-restart.fault.spec.ts).
 */

const duban = runDuban;

/** Every table of schema public with its row count (as the backup's manifest counts them). */
const rowCounts = (url: string) => withClient(url, tableRowCounts);

/** File name → SHA-256 of its content, for every file of `dir`. */
async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    out[name] = createHash('sha256')
      .update(await readFile(join(dir, name)))
      .digest('hex');
  }
  return out;
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

describe('db backup and db restore (CLI processes, pg_dump, pg_restore)', () => {
  let t: TestApp;
  let dirs: Record<'evidence' | 'archive' | 'backup' | 'evidence2' | 'archive2', string>;
  let restoredName: string;
  let taskId: string;
  let env: Record<string, string>;
  const files = [validPdf('验收材料'), validPng()];

  beforeAll(async () => {
    const base = await mkdtemp(join(tmpdir(), 'duban-backup-'));
    dirs = {
      evidence: join(base, 'evidence'),
      archive: join(base, 'archive'),
      backup: join(base, 'backup'),
      evidence2: join(base, 'evidence-restored'),
      archive2: join(base, 'archive-restored'),
    };
    t = await createTestApp({
      start: '2026-11-23T01:00:00Z',
      env: {
        EVIDENCE_DIR: dirs.evidence,
        AUDIT_ARCHIVE_DIR: dirs.archive,
        WORKERS_ENABLED: 'false',
      },
    });
    await resetDatabase(t.prisma);
    await asOwner('TRUNCATE task_request, evidence CASCADE');
    await createPerson(t.prisma, { username: 'sup', role: 'SUPERVISOR' });
    await createPerson(t.prisma, { username: 'mz', role: 'LIAISON', departmentName: '省民政厅' });
    const { planId } = await t.app.get(PlanImportService).commit(
      {
        content: referencePlan(),
        sourceName: '004_26c38e0122c86045.txt',
        defaultDueOn: '2026-12-18',
        createUnknownUnits: true,
        confirmAllReview: true,
      },
      null,
    );
    const mz = await login(t.url, 'mz');
    const mine = (await (await fetch(`${t.url}/api/v1/me/tasks`, { headers: mz })).json()) as {
      id: string;
      role: string;
    }[];
    taskId = mine.find((m) => m.role === 'LEAD')!.id;
    const report = await fetch(`${t.url}/api/v1/tasks/${taskId}/reports`, {
      method: 'POST',
      headers: { ...mz, 'content-type': 'application/json' },
      body: JSON.stringify({ percent: 100, narrative: '已全部完成', version: 0 }),
    });
    expect(report.status).toBe(201);
    const form = new FormData();
    form.append('summary', '已完成,附验收材料');
    const { version } = await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    form.append('version', String(version));
    form.append('files', new Blob([files[0]!], { type: 'application/pdf' }), '验收.pdf');
    form.append('files', new Blob([files[1]!], { type: 'image/png' }), '现场.png');
    const closure = await fetch(`${t.url}/api/v1/tasks/${taskId}/requests/closure`, {
      method: 'POST',
      headers: mz,
      body: form,
    });
    expect(closure.status).toBe(201);
    // The assignment notices of the import become deliveries once their pass has run.
    await eventually(async () => (await t.prisma.delivery.count()) > 0);
    // A month of the audit trail already archived (gzip) lives beside the evidence.
    await mkdir(dirs.archive, { recursive: true });
    await writeFile(join(dirs.archive, 'audit-2026-01.jsonl.gz'), Buffer.from([0x1f, 0x8b, 1]));
    expect(planId).toBeTruthy();

    const source = new URL(ownerUrl()).pathname.slice(1);
    restoredName = `${source}_restored`;
    // An empty database made by the cluster's administrator, owned by the owner role (which
    // may not create databases itself), as the restore's refusal tells an operator to do.
    await dropDatabase(restoredName);
    await withAdmin((c) => c.query(`CREATE DATABASE "${restoredName}" OWNER "${OWNER_ROLE}"`));
    env = {
      MIGRATION_DATABASE_URL: ownerUrl(),
      DATABASE_URL: process.env.DATABASE_URL!,
      EVIDENCE_DIR: dirs.evidence,
      AUDIT_ARCHIVE_DIR: dirs.archive,
    };
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (restoredName) await dropDatabase(restoredName);
    if (dirs) await rm(join(dirs.evidence, '..'), { recursive: true, force: true });
  });

  it('restores into a new database every table with its row count, the files, and the app reads it', async () => {
    const before = await rowCounts(ownerUrl());
    for (const table of ['task', 'assignment', 'progress_report', 'evidence', 'delivery']) {
      expect(before[table]).toBeGreaterThan(0);
    }
    expect(before.task).toBeGreaterThanOrEqual(80);
    expect(before.evidence).toBeGreaterThanOrEqual(2);
    expect(before.audit_event).toBeGreaterThan(0);

    const backup = await duban(['db', 'backup', '--out', dirs.backup], env);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(
      /^backup of \w+ written to .* 2 evidence files .* 1 audit archive/,
    );
    const manifest = JSON.parse(await readFile(join(dirs.backup, 'manifest.json'), 'utf8')) as {
      tables: Record<string, number>;
    };
    expect(manifest.tables).toEqual(before);

    const restore = await duban(
      [
        'db',
        'restore',
        '--from',
        dirs.backup,
        '--database',
        restoredName,
        '--evidence-dir',
        dirs.evidence2,
        '--audit-archive-dir',
        dirs.archive2,
      ],
      env,
    );
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const took = (out: string) => / in ([\d.]+ s)/.exec(out)?.[1];
    console.log(
      `backup ${took(backup.stdout)} (process ${backup.ms} ms), restore ${took(restore.stdout)} ` +
        `(process ${restore.ms} ms); ` +
        `${Object.keys(before).length} tables, ${Object.values(before).reduce((a, b) => a + b)} rows`,
    );

    // Compared from the catalogue of both databases, not from the manifest.
    const restoredOwnerUrl = withDatabase(ownerUrl(), restoredName);
    expect(await rowCounts(restoredOwnerUrl)).toEqual(before);
    const evidence = await hashes(dirs.evidence2);
    expect(evidence).toEqual(await hashes(dirs.evidence));
    expect(Object.keys(evidence)).toHaveLength(2);
    for (const [name, sha] of Object.entries(evidence)) expect(name).toBe(sha);
    expect(await hashes(dirs.archive2)).toEqual(await hashes(dirs.archive));

    // The service, connected as the application role to the restored database, reads the task
    // and its request's evidence (the role was granted by the restore).
    const saved = { ...process.env };
    const restored = await createTestApp({
      env: {
        DATABASE_URL: withDatabase(process.env.DATABASE_URL!, restoredName),
        EVIDENCE_DIR: dirs.evidence2,
        WORKERS_ENABLED: 'false',
      },
    });
    try {
      const mz = await login(restored.url, 'mz');
      const task = await fetch(`${restored.url}/api/v1/tasks/${taskId}`, { headers: mz });
      expect(task.status).toBe(200);
      const original = await t.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
      expect(await task.json()).toMatchObject({ id: taskId, text: original.text });
      const requests = await fetch(`${restored.url}/api/v1/tasks/${taskId}/requests`, {
        headers: mz,
      });
      const body = JSON.stringify(await requests.json());
      for (const sha of Object.keys(evidence)) expect(body).toContain(sha);
    } finally {
      await restored.close();
      Object.assign(process.env, {
        DATABASE_URL: saved.DATABASE_URL,
        EVIDENCE_DIR: saved.EVIDENCE_DIR,
      });
    }
  }, 300_000);

  it('refuses to restore over a database that is not empty; --force replaces it', async () => {
    const restoredOwnerUrl = withDatabase(ownerUrl(), restoredName);
    const before = await rowCounts(restoredOwnerUrl);
    const refused = await duban(
      ['db', 'restore', '--from', dirs.backup, '--database', restoredName],
      env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^错误 \[RESTORE_TARGET_NOT_EMPTY\]: 数据库“\w+”不是空的.*--force/,
    );
    expect(await rowCounts(restoredOwnerUrl)).toEqual(before);

    // With --force the database is emptied and holds the backup again, rows changed since included.
    await withClient(restoredOwnerUrl, (c) => c.query('DELETE FROM delivery'));
    const forced = await duban(
      ['db', 'restore', '--from', dirs.backup, '--database', restoredName, '--force'],
      { ...env, EVIDENCE_DIR: dirs.evidence2, AUDIT_ARCHIVE_DIR: dirs.archive2 },
    );
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    // As backed up (the sign-in of the first test's app on the restored database is gone too).
    const backedUp = JSON.parse(await readFile(join(dirs.backup, 'manifest.json'), 'utf8')) as {
      tables: Record<string, number>;
    };
    expect(await rowCounts(restoredOwnerUrl)).toEqual(backedUp.tables);
    expect(before).not.toEqual(backedUp.tables);
  }, 180_000);
});
