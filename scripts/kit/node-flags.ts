/**
 * The Node.js options duban's compiled processes run with in production, read from the one place
 * that states them: package.json's `start` script (`node <options> dist/main.js`). The systemd
 * units repeat them (src/config/deployment-files.spec.ts fails when they differ) and the load bench
 * starts the service and its baseline with them, so that it measures the production shape.
 *
 * Why they exist (docs/operations.md, "Memory"): V8's young generation starts at 1 MB and shrinks
 * back after a quiet minute; under a burst it then collects every few milliseconds and promotes
 * requests still in flight into the old generation, whose collections stalled the report API for
 * 50–300 ms. A floor of 16 MB and a ceiling of 64 MB per semi-space keep a request's garbage young.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export function productionNodeOptions(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const m = /^node((?: --[a-z-]+=\S+)*) dist\/main\.js$/.exec(pkg.scripts.start ?? '');
  if (!m)
    throw new Error(`package.json's start script is not "node [--option=value …] dist/main.js"`);
  return m[1]!.split(' ').filter(Boolean);
}
