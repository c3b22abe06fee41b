/**
 * How every part of `npm run bench` measures and reports: the row, timing, statistics and the
 * optional CPU profile. Nothing here loads the app (the parsers' cold child imports it).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/** One row of the bench's table and of bench/results/latest.json. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** 0 = none. */
  baseline: number;
  runs: number;
  p95?: number;
}

/** A bench part's progress line, indented under the part's heading. */
export const log = (m: string) => console.log(`  ${m}`);

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export interface Stats {
  median: number;
  p95: number;
}

/** Nearest-rank median and 95th percentile of a set of timings. */
export function stats(times: number[]): Stats {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

/**
 * With BENCH_PROFILE=<path prefix>, a V8 CPU profile of this process during one phase, written to
 * `<prefix>-<phase>.cpuprofile` (open it in Chrome DevTools): the reminder wave (to the digests
 * handed over) and the overdue sweep (dashboard.bench.ts) were profiled so. The load rows run the
 * service in processes of their own, which BENCH_PROFILE starts with --cpu-prof instead
 * (load/processes.ts).
 */
export async function startProfiler(phase: string): Promise<{ stop(): Promise<void> }> {
  if (!process.env.BENCH_PROFILE) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post<{ profile: object }>('Profiler.stop');
      const file = `${process.env.BENCH_PROFILE}-${phase}.cpuprofile`;
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      log(`CPU profile of the ${phase} written to ${file}`);
    },
  };
}
