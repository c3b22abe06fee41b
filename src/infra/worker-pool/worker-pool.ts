import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import {
  READY,
  WORKER_CONTEXT_ENV,
  type JobReply,
  type JobRequest,
  type SerializedJobError,
} from './worker-protocol';

export interface WorkerPoolOptions {
  /** The worker's entry file without extension; `.ts` or `.js` is chosen like this file's own. */
  entry: string;
  /** Workers running at most (each runs one job at a time). */
  size: number;
  /** V8 old-generation heap of one worker (`--max-old-space-size`); over it the worker dies and is replaced. */
  heapMb: number;
  /** Wall time of one job; over it the worker is terminated and replaced. */
  timeoutMs: number;
  /** Jobs waiting for a worker at most; one more is refused (BUSY) rather than queued. */
  maxQueue: number;
  /** Passed to every worker as its jobs' context (JSON). */
  context?: unknown;
}

export type WorkerFailure = 'TIMEOUT' | 'OUT_OF_MEMORY' | 'CRASHED' | 'BUSY' | 'CLOSED';

/** The pool could not give a job's answer: it ran too long, ran out of heap, or was not taken. */
export class WorkerPoolError extends Error {
  constructor(
    readonly failure: WorkerFailure,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerPoolError';
  }
}

/** An error the job itself threw in the worker, carried back as data (name, code, message, props). */
export class WorkerJobError extends Error {
  readonly code?: string;
  readonly props: Record<string, unknown>;

  constructor(serialized: SerializedJobError) {
    super(serialized.message);
    this.name = serialized.name;
    this.code = serialized.code;
    this.props = serialized.props ?? {};
  }
}

interface Pending {
  request: JobRequest;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: ChildProcess;
  /** The entry has loaded and listens (loading TypeScript takes seconds: not the job's time). */
  ready: boolean;
  job?: Pending & { timer: NodeJS.Timeout };
}

/** How long a fresh worker may take to load its entry before its job fails as CRASHED. */
const STARTUP_LIMIT_MS = 60_000;

/**
 * A small pool of worker processes for CPU- and memory-heavy jobs (reading uploaded documents), so
 * the event loop that answers HTTP never runs them. Each worker has a heap cap and each job a
 * wall-time limit; a worker that overruns either is killed and a fresh one takes its place, and the
 * caller gets a WorkerPoolError. Workers start on first use and do not keep the process alive while
 * idle (a CLI command ends when its work does).
 *
 * Child processes rather than worker threads: a worker thread that reaches its `resourceLimits` in
 * one large allocation (a string of a few tens of MB, what an XML bomb produces) aborts the whole
 * process instead of only the thread (nodejs/node#47224, reproduced here with mammoth); a child
 * process that runs out of heap dies alone. Messages use the `advanced` (structured clone)
 * serialization, so bytes travel as Uint8Array.
 *
 * The entry is loaded like the code that creates the pool: from TypeScript through
 * `@swc-node/register` when this file is `.ts` (`npm start`, jest), as is when compiled to `.js`.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Runs `job` with `payload` (structured-clone data) in a worker. */
  run<R>(job: string, payload: unknown): Promise<R> {
    if (this.closed) return Promise.reject(new WorkerPoolError('CLOSED', 'worker pool closed'));
    return new Promise<R>((resolve, reject) => {
      const pending: Pending = {
        request: { id: this.nextId++, job, payload },
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      const idle = this.idleSlot();
      if (idle) return this.start(idle, pending);
      if (this.queue.length >= this.options.maxQueue) {
        return reject(new WorkerPoolError('BUSY', 'every document worker is busy'));
      }
      this.queue.push(pending);
    });
  }

  /** Workers alive now (started lazily; replaced after a failure). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Workers running a job now. */
  get busyCount(): number {
    return this.slots.filter((s) => s.job).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new WorkerPoolError('CLOSED', 'pool closed'));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      if (slot.job) {
        clearTimeout(slot.job.timer);
        slot.job.reject(new WorkerPoolError('CLOSED', 'worker pool closed'));
      }
    }
    await Promise.all(slots.map((s) => stop(s.worker)));
  }

  private idleSlot(): Slot | undefined {
    const idle = this.slots.find((s) => !s.job);
    if (idle) return idle;
    if (this.slots.length >= this.options.size) return undefined;
    const slot: Slot = { worker: this.spawn(), ready: false };
    this.slots.push(slot);
    this.listen(slot);
    return slot;
  }

  private spawn(): ChildProcess {
    const { file, execArgv } = workerEntry(this.options.entry);
    return fork(file, [], {
      execArgv: [...execArgv, `--max-old-space-size=${this.options.heapMb}`],
      env: { ...process.env, [WORKER_CONTEXT_ENV]: JSON.stringify(this.options.context ?? null) },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
  }

  private listen(slot: Slot): void {
    const { worker } = slot;
    idle(worker);
    worker.on('message', (reply: JobReply | typeof READY) => {
      if (reply === READY) {
        slot.ready = true;
        if (slot.job) this.arm(slot, slot.job);
        return;
      }
      const job = slot.job;
      if (!job || job.request.id !== reply.id) return;
      this.finish(slot);
      if (reply.ok) job.resolve(reply.result);
      else job.reject(new WorkerJobError(reply.error));
    });
    worker.on('error', (err: Error) => {
      this.fail(slot, new WorkerPoolError('CRASHED', err.message));
    });
    worker.on('exit', (code, signal) => {
      // V8 aborts the process when the heap cap is reached (SIGABRT, or 134 through a shell).
      const failure: WorkerFailure =
        signal === 'SIGABRT' || code === 134 ? 'OUT_OF_MEMORY' : 'CRASHED';
      this.fail(slot, new WorkerPoolError(failure, `document worker exited (${signal ?? code})`));
    });
  }

  private start(slot: Slot, pending: Pending): void {
    slot.job = { ...pending, timer: this.timer(slot) };
    busy(slot.worker);
    slot.worker.send(pending.request);
  }

  /** The job's clock starts again once its worker is ready. */
  private arm(slot: Slot, job: Pending & { timer: NodeJS.Timeout }): void {
    clearTimeout(job.timer);
    job.timer = this.timer(slot);
  }

  private timer(slot: Slot): NodeJS.Timeout {
    const timer = slot.ready
      ? setTimeout(
          () => this.fail(slot, new WorkerPoolError('TIMEOUT', 'document job ran out of time')),
          this.options.timeoutMs,
        )
      : setTimeout(
          () => this.fail(slot, new WorkerPoolError('CRASHED', 'document worker did not start')),
          STARTUP_LIMIT_MS,
        );
    timer.unref();
    return timer;
  }

  /** The slot is free again: the next queued job, if any, runs on it. */
  private finish(slot: Slot): void {
    if (slot.job) clearTimeout(slot.job.timer);
    slot.job = undefined;
    idle(slot.worker);
    const next = this.queue.shift();
    if (next) this.start(slot, next);
  }

  /** The worker is lost (timeout, heap, crash): its job fails, a fresh worker takes queued work. */
  private fail(slot: Slot, err: WorkerPoolError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const job = slot.job;
    if (job) clearTimeout(job.timer);
    slot.job = undefined;
    slot.worker.kill('SIGKILL');
    job?.reject(err);
    const next = this.queue.shift();
    if (!next) return;
    const fresh = this.idleSlot();
    if (fresh) this.start(fresh, next);
    else this.queue.unshift(next);
  }
}

/** An idle worker keeps neither itself nor its channel from letting the process exit. */
function idle(worker: ChildProcess): void {
  worker.unref();
  worker.channel?.unref();
}

function busy(worker: ChildProcess): void {
  worker.ref();
  worker.channel?.ref();
}

function stop(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    worker.once('exit', () => resolve());
    // Referenced until it is gone: an idle worker is unreferenced, and the process would end (with
    // whatever awaited close() unfinished) before its exit event.
    worker.ref();
    worker.kill('SIGKILL');
  });
}

/**
 * The entry's file and the flags to load it: when this module runs from TypeScript, the worker
 * needs the same on-the-fly compilation (`-r @swc-node/register`); compiled, it loads the `.js`.
 */
export function workerEntry(entry: string): { file: string; execArgv: string[] } {
  const ext = extname(__filename) === '.ts' ? '.ts' : '.js';
  const file = `${entry}${ext}`;
  if (!existsSync(file)) throw new Error(`worker entry not found: ${file}`);
  return { file, execArgv: ext === '.ts' ? ['-r', '@swc-node/register'] : [] };
}
