import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The operator's CLI (`src/cli/main.ts`) run as a real process from the repository root, as the
 * README tells people to run it, quiet unless a test sets LOG_LEVEL.
 */
const ROOT = join(__dirname, '..', '..');
const ARGV = ['-r', '@swc-node/register', 'src/cli/main.ts'];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, ms. */
  ms: number;
}

const environment = (env: Record<string, string>) => ({
  ...process.env,
  LOG_LEVEL: 'silent',
  ...env,
});

/** Runs `duban <args>` and resolves when it exits; a process that cannot start rejects. */
export function runDuban(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...ARGV, ...args], { cwd: ROOT, env: environment(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) }),
    );
  });
}

/** `runDuban`, blocking (for a test that needs nothing to happen meanwhile). */
export function runDubanSync(args: string[], env: Record<string, string> = {}): CliRun {
  const started = performance.now();
  const r = spawnSync(process.execPath, [...ARGV, ...args], {
    cwd: ROOT,
    env: environment(env),
    encoding: 'utf8',
  });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    ms: Math.round(performance.now() - started),
  };
}
