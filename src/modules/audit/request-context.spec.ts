import type { NextFunction, Request, Response } from 'express';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  currentRequestContext,
  REQUEST_ID_HEADER,
  requestContextMiddleware,
  requestContextOf,
} from './request-context';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A request as far as the middleware reads it, with a body that makes its retention visible. */
function fakeRequest(headers: Record<string, string> = {}) {
  return { headers, ip: '10.1.2.3', body: new Array(10_000).fill('x') } as unknown as Request;
}
const fakeResponse = () => ({ setHeader: () => undefined }) as unknown as Response;

describe('requestContextMiddleware', () => {
  it('opens a context with the request id and address; the actor set on req.user is its actor', () => {
    const req = fakeRequest({ [REQUEST_ID_HEADER]: 'abc-1' });
    let seen: ReturnType<typeof currentRequestContext>;
    requestContextMiddleware(req, fakeResponse(), (() => {
      // The JWT guard sets req.user after the middleware has opened the context.
      (req as Request & { user?: { id: string } }).user = { id: 'person-7' };
      seen = currentRequestContext();
    }) as NextFunction);
    expect(seen).toEqual({ requestId: 'abc-1', sourceIp: '10.1.2.3', user: { id: 'person-7' } });
    expect(requestContextOf(req)).toBe(seen);
    expect((req as Request & { user?: { id: string } }).user).toEqual({ id: 'person-7' });
  });

  it('does not keep the request alive through timers started while it ran', async () => {
    let timer: NodeJS.Timeout | undefined;
    const ref = (() => {
      const req = fakeRequest();
      requestContextMiddleware(req, fakeResponse(), (() => {
        // Like a rate-limit window or a keep-alive timeout: it keeps the context for a while.
        timer = setTimeout(() => undefined, 60_000);
      }) as NextFunction);
      return new WeakRef(req);
    })();
    // A WeakRef's target is kept until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(ref.deref()).toBeUndefined();
    clearTimeout(timer);
  });
});
