import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * What the audit trail needs to know about the HTTP request a change happens in. Deliberately not
 * the request itself: every timer, socket and promise created while a request runs keeps its
 * context alive (AsyncLocalStorage), some for a minute (the rate limit's window) or until the
 * keep-alive connection's next request. Holding `req` kept whole requests (body, response, loggers)
 * alive with it, promoted each into V8's old space and made its collections stall the API for
 * 50–300 ms every few seconds under load (issue 17's open-loop p99).
 */
export interface RequestContext {
  requestId: string;
  sourceIp: string | null;
  /** The authenticated actor: `req.user`, once the JWT guard has set it (the middleware links them). */
  user?: { id?: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept only if it is a short, harmless token; otherwise a new one is made. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdFrom(header: unknown): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}

/** The context of the current request, or undefined outside one (scheduler, workers, CLI). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` inside a request context (tests and non-HTTP entry points may use it too). */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

const CONTEXT_KEY = Symbol.for('duban.requestContext');

/** The context attached to a request object (also available where AsyncLocalStorage is not). */
export function requestContextOf(req: object): RequestContext | undefined {
  return (req as { [CONTEXT_KEY]?: RequestContext })[CONTEXT_KEY];
}

/**
 * Express middleware: opens the request context and echoes the request id in the response.
 * `req.user` becomes the context's `user` (an accessor), so the actor the JWT guard sets later is
 * the audit trail's without the context holding the request. Mount it after the body parsers: they
 * resume the chain from stream callbacks, which would leave the context behind.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const ctx: RequestContext = {
    requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]),
    sourceIp: req.ip ?? req.socket?.remoteAddress ?? null,
  };
  Object.defineProperty(req, 'user', {
    get: () => ctx.user,
    set: (user: RequestContext['user']) => (ctx.user = user),
    enumerable: true,
    configurable: true,
  });
  (req as unknown as { [CONTEXT_KEY]: RequestContext })[CONTEXT_KEY] = ctx;
  res.setHeader(REQUEST_ID_HEADER, ctx.requestId);
  storage.run(ctx, () => next());
}
