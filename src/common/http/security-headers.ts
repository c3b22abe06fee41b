import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response: API answers (errors and 404s included), the health check,
 * the OpenAPI UI and the web interface (whose pages replace the policy with their own, web-ui.ts).
 * helmet's defaults (HSTS, nosniff, frame and referrer policies, cross-origin isolation), with a
 * content security policy that frames nothing and allows only this origin's scripts and styles;
 * `upgrade-insecure-requests` is left out so that a plain-HTTP installation on an intranet still
 * loads its own files.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
  });
}

/** API answers hold people's names and the office's findings: no cache keeps a copy. */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
