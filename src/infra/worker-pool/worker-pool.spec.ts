import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { WorkerJobError, WorkerPool, WorkerPoolError } from './worker-pool';

const ENTRY = join(__dirname, '..', '..', '..', 'test', 'support', 'pool-test.worker');

// Each worker is a process that compiles its TypeScript entry on start: seconds, not milliseconds.
jest.setTimeout(60_000);

describe('WorkerPool', () => {
  let pool: WorkerPool;
  const make = (over: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) =>
    new WorkerPool({
      entry: ENTRY,
      size: 1,
      heapMb: 64,
      timeoutMs: 30_000,
      maxQueue: 4,
      context: { tag: 'w' },
      ...over,
    });
  afterEach(() => pool?.close());

  it('runs a job in a worker with the pool context, and carries a job error back as data', async () => {
    pool = make();
    await expect(pool.run('echo', { value: 'a' })).resolves.toBe('w:a');
    const err = (await pool.run('fail', {}).catch((e: unknown) => e)) as WorkerJobError;
    expect(err).toBeInstanceOf(WorkerJobError);
    expect(err).toMatchObject({ name: 'CodedError', code: 'NOPE', message: 'refused' });
    expect(err.props).toMatchObject({ line: 7 });
    expect(pool.workerCount).toBe(1);
  });

  it('replaces a worker killed by its heap limit; the next job runs on a fresh one', async () => {
    pool = make({ heapMb: 32 });
    const err = (await pool.run('hog', {}).catch((e: unknown) => e)) as WorkerPoolError;
    expect(err).toBeInstanceOf(WorkerPoolError);
    expect(err.failure).toBe('OUT_OF_MEMORY');
    expect(pool.workerCount).toBe(0);
    await expect(pool.run('echo', { value: 'after' })).resolves.toBe('w:after');
    expect(pool.workerCount).toBe(1);
  });

  it('terminates a job over its time limit and serves the queued job on a fresh worker', async () => {
    pool = make({ timeoutMs: 300 });
    const spinning = pool.run('spin', {}).catch((e: unknown) => e);
    const queued = pool.run('echo', { value: 'queued' });
    const err = (await spinning) as WorkerPoolError;
    expect(err.failure).toBe('TIMEOUT');
    await expect(queued).resolves.toBe('w:queued');
  });

  it('lets a job finish when its worker gets the stop signal meant for the service (process group)', async () => {
    pool = make();
    const slept = pool.run('sleep', { ms: 1500 });
    // The worker's own process, once it has loaded its entry and taken the job.
    const slot = () =>
      (pool as unknown as { slots: { ready: boolean; worker: ChildProcess }[] }).slots[0];
    while (!slot()?.ready) await new Promise((r) => setTimeout(r, 20));
    process.kill(slot().worker.pid!, 'SIGTERM');
    process.kill(slot().worker.pid!, 'SIGINT');
    await expect(slept).resolves.toBe('slept');
    expect(pool.workerCount).toBe(1);
  });

  it('refuses a job when every worker is busy and the queue is full', async () => {
    pool = make({ timeoutMs: 300, maxQueue: 0 });
    const spinning = pool.run('spin', {}).catch(() => undefined);
    const err = (await pool
      .run('echo', { value: 'x' })
      .catch((e: unknown) => e)) as WorkerPoolError;
    expect(err.failure).toBe('BUSY');
    await spinning;
  });
});
