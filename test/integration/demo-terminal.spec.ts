import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteKeysByPrefix } from '../../scripts/kit/redis-keys';
import { dropDatabase } from '../../scripts/kit/services';
import { eventually } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { ownerUrl } from '../support/owner-db';

/**
 * `npm run demo` as a person sees it: the banner and its timeline first, then only warnings and
 * errors; the whole log, readable, in the file the banner names. A real demo process on ports and a
 * database of its own.
 */
const ROOT = join(__dirname, '..', '..');
/** A log record on the terminal or in the file: `[08:05:46] INFO: …` or a JSON object. */
const LOG_RECORD = /^(\[[\d\-: .]+\] [A-Z]+:|\{"level")/;

describe('the demo terminal (a real `npm run demo` process)', () => {
  let child: ChildProcess | undefined;
  let dir: string;
  const database = `${new URL(ownerUrl()).pathname.slice(1)}_demo`;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    await dropDatabase(database);
    await deleteKeysByPrefix(`${database}:`);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints the banner and timeline before any log line, and writes the full log to its file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'duban-demo-'));
    const logFile = join(dir, 'demo.log');
    const [port, smtp, mail] = [await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DEMO_PORT: String(port),
      DEMO_SMTP_PORT: String(smtp),
      DEMO_MAIL_PORT: String(mail),
      DEMO_DATABASE: database,
      LOG_FILE: logFile,
    };
    // The test run's own log settings must not replace the demo's defaults.
    for (const key of ['LOG_LEVEL', 'LOG_FORMAT', 'LOG_STDOUT_LEVEL']) delete env[key];
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/demo/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    await eventually(
      async () => stdout.includes('Stop with Ctrl-C.') || child!.exitCode !== null,
      150_000,
    );
    expect(stderr).toBe('');

    const lines = stdout.split('\n');
    const banner = lines.findIndex((l) => l.includes('duban 督办 demo is running'));
    expect(banner).toBeGreaterThan(0);
    // Before the banner: the one line saying what is being prepared, no log record.
    expect(lines.slice(0, banner).filter((l) => l.trim())).toEqual([
      expect.stringMatching(/^Preparing the demo \(database \w+_demo/),
    ]);
    expect(lines.slice(banner).join('\n')).toMatch(/T−5 reminders.*\n[\s\S]*Log: {2}.*demo\.log/);
    // After it, at most warnings and errors: the service's info lines stay in the file.
    const records = lines.slice(banner).filter((l) => LOG_RECORD.test(l));
    for (const r of records) expect(r).toMatch(/^\[[\d:]+\] (WARN|ERROR|FATAL):/);

    const log = (await readFile(logFile, 'utf8')).split('\n');
    expect(log[0]).toMatch(
      /^\[\d{4}-\d\d-\d\d [\d:.]+\] INFO: \[NestFactory\] Starting Nest application/,
    );
    expect(log.some((l) => /INFO: \[PlanImportService\] .*items=80/.test(l))).toBe(true);
    expect(log.filter((l) => l.startsWith('{'))).toEqual([]);
  }, 180_000);
});
