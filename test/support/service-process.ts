import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { eventually } from './fixtures';
import { freePort } from './free-port';

const ROOT = join(__dirname, '..', '..');
const PROCESS_SECRET = randomBytes(32).toString('base64url');

/** A real service process (`src/main.ts`: API, scheduler and workers) started by a fault test. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  port: number;
  url: string;
  /** stdout and stderr, line by line (pino JSON at LOG_LEVEL=info). */
  logs: string[];
  exited: Promise<unknown>;
  /** SIGKILL: no shutdown hook runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** GET /api/v1/health: the status code, or 0 when the process does not answer. */
export const healthStatus = (url: string): Promise<number> =>
  fetch(`${url}/api/v1/health`).then(
    (r) => r.status,
    () => 0,
  );

/**
 * Spawns `node -r @swc-node/register src/main.ts` (or the compiled `entry`, e.g. a build's main.js)
 * with DUBAN_MODE=test and the given environment on a free port; by default waits until /health
 * answers 200.
 */
export async function startServiceProcess(
  name: string,
  env: Record<string, string>,
  opts: {
    awaitHealthy?: boolean;
    /** Called as soon as the process is spawned, e.g. to register it for the test's cleanup. */
    onStart?: (s: ServiceProcess) => void;
    /** A compiled entry (`<outDir>/main.js`) run by plain node instead of the TypeScript source. */
    entry?: string;
    /** How long /health may take to answer 200 (default 30 s). */
    healthyWithinMs?: number;
  } = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const args = opts.entry ? [opts.entry] : ['-r', '@swc-node/register', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DUBAN_MODE: 'test',
      LOG_LEVEL: 'info',
      // Tests search the lines for messages and fields.
      LOG_FORMAT: 'json',
      DELIVERY_BACKOFF_MS: '50',
      // One secret for every process a test starts: a token from one is valid on the others.
      JWT_SECRET: PROCESS_SECRET,
      RATE_LIMIT_PER_PERSON: '1000000000',
      RATE_LIMIT_PER_IP: '1000000000',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  child.stdout!.on('data', (b: Buffer) => logs.push(...b.toString().split('\n')));
  child.stderr!.on('data', (b: Buffer) => logs.push(...b.toString().split('\n')));
  const exited = new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    name,
    child,
    port,
    url,
    logs,
    exited,
    kill: async () => {
      if (child.exitCode === null) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  opts.onStart?.(service);
  if (opts.awaitHealthy !== false) {
    await eventually(async () => {
      if (child.exitCode !== null) {
        throw new Error(`${name} exited with ${child.exitCode}:\n${logs.slice(-20).join('\n')}`);
      }
      return (await healthStatus(url)) === 200;
    }, opts.healthyWithinMs ?? 30_000);
  }
  return service;
}
