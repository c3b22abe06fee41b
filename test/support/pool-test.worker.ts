/** A worker entry for the WorkerPool spec: jobs that answer, throw, spin, or eat their heap. */
import { serveJobs } from '../../src/infra/worker-pool/worker-protocol';

class CodedError extends Error {
  constructor(
    readonly code: string,
    readonly line: number,
  ) {
    super('refused');
    this.name = 'CodedError';
  }
}

const hoard: string[][] = [];

serveJobs({
  echo: (payload: { value: string }, context: { tag: string }) => `${context.tag}:${payload.value}`,
  fail: () => {
    throw new CodedError('NOPE', 7);
  },
  sleep: (payload: { ms: number }) =>
    new Promise((resolve) => setTimeout(() => resolve('slept'), payload.ms)),
  spin: () => {
    for (;;) {
      // Never yields: only terminating the worker stops it.
    }
  },
  hog: () => {
    for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => `${i}-${hoard.length}`));
  },
});
