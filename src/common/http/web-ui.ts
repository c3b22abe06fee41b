import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Express, Response } from 'express';

/**
 * The web interface (web/, bundled by `npm run build:web` into web/dist) is served at `/` by the
 * API process itself, next to the API at /api/v1. Hashed bundles are cached for a year; the page
 * itself is revalidated, so a new build is picked up on reload.
 */
export function webUiDir(configured?: string): string | null {
  const candidates = [
    configured, // WEB_UI_DIR
    resolve(__dirname, '..', '..', '..', 'web', 'dist'), // src/common/http or dist/common/http → repo root
    resolve(__dirname, '..', '..', '..', '..', 'web', 'dist'), // dist/src/common/http (nest build)
  ].filter((d): d is string => Boolean(d));
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? null;
}

/** Only our own scripts, styles and API; no inline script, no framing. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export function serveWebUi(
  http: Express,
  express: typeof import('express'),
  configured?: string,
): string | null {
  const dir = webUiDir(configured);
  if (!dir) return null;
  http.use(
    express.static(dir, {
      index: 'index.html',
      fallthrough: true,
      setHeaders: (res: Response, path: string) => {
        res.setHeader('X-Content-Type-Options', 'nosniff');
        if (path.endsWith('.html')) {
          res.setHeader('Cache-Control', 'no-cache');
          res.setHeader('Content-Security-Policy', CSP);
          res.setHeader('Referrer-Policy', 'no-referrer');
        } else if (/-[A-Z0-9]{8}\.(js|css)$/.test(path)) {
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        }
      },
    }),
  );
  return dir;
}
