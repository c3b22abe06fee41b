import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { createDatabase, dropDatabase, MIGRATIONS_DIR } from '../../scripts/kit/services';
import { createPerson, eventually, FIXTURES, login } from '../support/fixtures';
import { startPrivateRedis, PrivateRedis } from '../support/private-redis';
import { ServiceProcess, startServiceProcess } from '../support/service-process';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
/** Two processes booting side by side on a loaded machine (each takes a few seconds when idle). */
const BOOT_MS = 90_000;

/**
 * What production runs is the compiled build, not the TypeScript through a runtime transpiler:
 * `nest build` (tsconfig.build.json) into a directory of its own at the depth of `dist/`, then
 * plain `node` on its files. The CLI migrates a fresh database from the build
 * (`node <out>/cli/main.js db migrate`: the migrations folder is found from there), the API serves
 * /health and the web interface, reads an uploaded document in a document worker process (whose
 * entry is the compiled `.js`), a worker process starts its queue workers, and both drain on SIGTERM.
 *
 * Type checking is `npm run typecheck`'s job: the build here emits without it (`noCheck`), which
 * produces the same files in less time.
 */
describe('the compiled build', () => {
  const id = randomUUID().slice(0, 8);
  const outDir = join(ROOT, `dist-test-${id}`);
  const tsconfig = join(ROOT, `dist-test-${id}.tsconfig.json`);
  const database = `duban_compiled_${id}`;
  let redis: PrivateRedis;
  const services: ServiceProcess[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    redis = await startPrivateRedis();
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.kill()));
    await redis.stop();
    await dropDatabase(database);
    rmSync(outDir, { recursive: true, force: true });
    rmSync(tsconfig, { force: true });
  });

  it('migrates, serves, reads a document in a worker process and drains, run by plain node', async () => {
    let started = Date.now();
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: './tsconfig.build.json',
        compilerOptions: { outDir: `./dist-test-${id}`, noCheck: true },
      }),
    );
    await run(
      process.execPath,
      [
        join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'),
        'build',
        '-p',
        basename(tsconfig),
      ],
      {
        cwd: ROOT,
      },
    );
    timings.buildMs = Date.now() - started;
    expect(existsSync(join(outDir, 'main.js'))).toBe(true);
    expect(existsSync(join(outDir, 'document-worker.js'))).toBe(true);

    // The CLI from the build migrates a database that has nothing yet.
    started = Date.now();
    const urls = await createDatabase(database, { fresh: true });
    const migrated = await run(
      process.execPath,
      [join(outDir, 'cli', 'main.js'), 'db', 'migrate'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: urls.url, MIGRATION_DATABASE_URL: urls.migrationUrl },
      },
    );
    timings.migrateMs = Date.now() - started;
    const migrations = readdirSync(MIGRATIONS_DIR).filter((d) =>
      existsSync(join(MIGRATIONS_DIR, d, 'migration.sql')),
    );
    expect(migrated.stdout).toContain(`applied: ${migrations.join(', ')};`);

    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: urls.url }) });
    try {
      await createPerson(prisma as unknown as PrismaService, { username: 'admin', role: 'ADMIN' });
    } finally {
      await prisma.$disconnect();
    }

    // The API and a worker, from the same build, side by side.
    started = Date.now();
    const env = {
      DATABASE_URL: urls.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `duban-compiled-${id}`,
    };
    const entry = join(outDir, 'main.js');
    const register = (s: ServiceProcess) => services.push(s);
    const [api, worker] = await Promise.all([
      startServiceProcess(
        'api',
        { ...env, PROCESS_ROLE: 'api' },
        { entry, onStart: register, healthyWithinMs: BOOT_MS },
      ),
      startServiceProcess(
        'worker',
        { ...env, PROCESS_ROLE: 'worker' },
        { entry, onStart: register, awaitHealthy: false },
      ),
    ]);
    await eventually(
      async () => worker.logs.some((l) => l.includes('duban worker started (PROCESS_ROLE=worker)')),
      BOOT_MS,
    );
    timings.startMs = Date.now() - started;
    expect(api.child.spawnargs.slice(1)).toEqual([entry]);
    expect(worker.child.spawnargs.slice(1)).toEqual([entry]);

    // The web interface, found from the build's directory.
    const page = await fetch(`${api.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(readFileSync(join(ROOT, 'web', 'dist', 'index.html'), 'utf8'));

    // An uploaded document is read in a document worker process started from the compiled entry.
    const admin = await login(api.url, 'admin');
    const form = new FormData();
    form.set('mode', 'preview');
    const docx = readFileSync(join(FIXTURES, 'tables', 'rural-revitalization.docx'));
    form.set('file', new Blob([new Uint8Array(docx)]), 'rural-revitalization.docx');
    started = Date.now();
    const preview = await fetch(`${api.url}/api/v1/plans/import`, {
      method: 'POST',
      headers: admin,
      body: form,
    });
    timings.documentMs = Date.now() - started;
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as { counts: { items: number } }).counts.items).toBe(6);

    // Both drain on SIGTERM and exit 0.
    for (const s of [api, worker]) s.child.kill('SIGTERM');
    await Promise.all([api.exited, worker.exited]);
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([0, 0]);
    console.info(`compiled-build: ${JSON.stringify(timings)}`);
  }, 300_000);
});
