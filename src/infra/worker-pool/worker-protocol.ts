/** The environment variable that carries the pool's context (JSON) to its workers. */
export const WORKER_CONTEXT_ENV = 'DUBAN_WORKER_CONTEXT';

/** Posted once by a worker when its entry has loaded and it listens for jobs. */
export const READY = 'ready';

/** What the pool posts to a worker: one job. */
export interface JobRequest {
  id: number;
  job: string;
  payload: unknown;
}

/** An error thrown by a job, as data: its class name, code, message and own plain properties. */
export interface SerializedJobError {
  name: string;
  code?: string;
  message: string;
  props?: Record<string, unknown>;
}

export type JobReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: SerializedJobError };

/** A job's handler: runs inside the worker with the pool's context. */
export type JobHandler = (payload: never, context: never) => unknown;

/**
 * The worker side: answers each job sent by the pool with its handler's result or error.
 * Called once by a worker entry file with its table of handlers.
 */
export function serveJobs(handlers: Record<string, JobHandler>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveJobs runs in a worker process forked with an IPC channel');
  const context: unknown = JSON.parse(process.env[WORKER_CONTEXT_ENV] ?? 'null');
  process.on('message', (request: JobRequest) => {
    void (async (): Promise<JobReply> => {
      const handler = handlers[request.job] as
        ((payload: unknown, context: unknown) => unknown) | undefined;
      try {
        if (!handler) throw new Error(`unknown job ${request.job}`);
        return { id: request.id, ok: true, result: await handler(request.payload, context) };
      } catch (err) {
        return { id: request.id, ok: false, error: serializeError(err) };
      }
    })().then((reply) => send(reply));
  });
  // The pool is gone (its process ended): so is this worker.
  process.on('disconnect', () => process.exit(0));
  // Its life is the pool's: a stop signal sent to the whole process group (systemd's default
  // KillMode, Ctrl-C at a terminal) must not cut a document being read while the service drains.
  // The pool ends its workers when it closes, after the drain.
  process.on('SIGTERM', () => undefined);
  process.on('SIGINT', () => undefined);
  send(READY);
}

function serializeError(err: unknown): SerializedJobError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    if (key === 'code' || key === 'cause') continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      props[key] = value;
    }
  }
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    code: typeof code === 'string' ? code : undefined,
    message: err.message,
    props,
  };
}
