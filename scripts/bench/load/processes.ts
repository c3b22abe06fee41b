/**
 * The processes of the load rows: the service and the bare-insert baseline (compiled, each a
 * `node <file>.js` of its own), and the load generator (generator.ts, forked). The bench's main
 * process only starts them, seeds, reads their CPU time from /proc and collects the figures.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { freePort } from '../../../test/support/free-port';
import { productionNodeOptions } from '../../kit/node-flags';
import { join } from 'node:path';
import type { GeneratorResult, GeneratorSpec } from './generator';

const ROOT = join(__dirname, '..', '..', '..');

export interface RunningProcess {
  name: string;
  pid: number;
  url: string;
  /** The process's last lines of output, for an error message. */
  tail(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/**
 * Starts `node <production options> <entry>` (the options of `npm start`, scripts/kit/node-flags.ts)
 * with `env` on a free port of 127.0.0.1 and waits until `ready(url)` holds (30 s at most). With
 * BENCH_PROFILE=<prefix>, the process runs with --cpu-prof and writes its V8 CPU profile into
 * `<prefix>-<name>/` when it exits; BENCH_LOAD_NODE_ARGS adds Node options (e.g. `--trace-gc`).
 * Its output goes to tmp/bench-load/<name>.log.
 */
export async function startProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  ready: (url: string) => Promise<boolean>,
): Promise<RunningProcess> {
  const port = await freePort();
  const profile = process.env.BENCH_PROFILE;
  const nodeArgs = [
    ...productionNodeOptions(),
    ...(process.env.BENCH_LOAD_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child = spawn(
    process.execPath,
    [...nodeArgs, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}-${name}`] : []), entry],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  // The whole output in tmp/bench-load/<name>.log, next to the build, for a look afterwards.
  const logFile = createWriteStream(join(ROOT, 'tmp', 'bench-load', `${name}.log`));
  const keep = (b: Buffer) => {
    logFile.write(b);
    lines.push(...b.toString().split('\n').filter(Boolean));
    if (lines.length > 1000) lines.splice(0, lines.length - 100);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => logFile.end(r)));
  const url = `http://127.0.0.1:${port}`;
  const tail = () => lines.slice(-30).join('\n');
  const running: RunningProcess = {
    name,
    pid: child.pid!,
    url,
    tail,
    stop: () => stopChild(child, exited),
  };
  const deadline = Date.now() + 30_000;
  while (!(await ready(url).catch(() => false))) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode}:\n${tail()}`);
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`${name} was not ready within 30 s:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return running;
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** CPU time (user + system, every thread) a process has used so far, ms, from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3 (state) on.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime (14), stime (15)
  return (ticks * 1000) / CLOCK_TICKS;
}

/** The most resident memory a process has used so far, MB (VmHWM of /proc/<pid>/status). */
export function peakResidentMb(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** USER_HZ: 100 on every Linux that Node supports. */
const CLOCK_TICKS = 100;

/**
 * Runs the load generator (generator.ts) in a process of its own, forked from this one with the
 * TypeScript loader, and returns what it measured. Nothing else runs in that process.
 */
export function runGenerator(spec: GeneratorSpec): Promise<GeneratorResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'generator.ts'), [], {
      cwd: ROOT,
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: GeneratorResult | undefined;
    child.on('message', (m: { result?: GeneratorResult; error?: string }) => {
      if (m.error) reject(new Error(`load generator: ${m.error}`));
      else result = m.result;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`the load generator exited with ${code}`)),
    );
    child.send(spec);
  });
}
