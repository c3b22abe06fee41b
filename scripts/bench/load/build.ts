/**
 * The compiled code the load rows run: `src/` as `npm run build` compiles it (tsconfig.build.json,
 * tsc), plus the bare-insert baseline's entry (bare-server.ts), into an outDir of the bench's own,
 * `tmp/bench-load/` in the checkout (git ignores `/tmp/`; inside the checkout so that the compiled
 * code finds node_modules as dist/ does). Never `dist/`, which may be older than the sources.
 *
 * The build is incremental (`tsc -b`, its build info kept next to the output): about 25 s of CPU from nothing, under a second when no source changed since the last
 * run, a few seconds when some did. Both processes then run plain `node <file>.js`, without a runtime transpiler.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface LoadBuild {
  /** The service's entry, the compiled src/main.ts. */
  serviceEntry: string;
  /** The baseline's entry, the compiled scripts/bench/load/bare-server.ts. */
  bareEntry: string;
  /** Wall time of the compilation, ms. */
  ms: number;
}

/** Compiles into `tmp/bench-load/out` and resolves the two entries. */
export async function buildForLoad(): Promise<LoadBuild> {
  const started = performance.now();
  const dir = join(ROOT, 'tmp', 'bench-load');
  const out = join(dir, 'out');
  const serviceEntry = join(out, 'src', 'main.js');
  const bareEntry = join(out, 'scripts', 'bench', 'load', 'bare-server.js');
  // Build info without its output (a cleaned /tmp) would make tsc emit nothing: start afresh.
  if (!existsSync(serviceEntry) || !existsSync(bareEntry))
    rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'tsconfig.json');
  const text = JSON.stringify(
    {
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: {
        rootDir: ROOT,
        outDir: out,
        incremental: true,
        tsBuildInfoFile: join(dir, 'tsconfig.tsbuildinfo'),
      },
      include: [join(ROOT, 'src/**/*.ts'), join(ROOT, 'scripts/bench/load/bare-server.ts')],
      exclude: [join(ROOT, 'src/**/*.spec.ts')],
    },
    null,
    2,
  );
  // Rewritten only when it changes: a newer config makes `tsc -b` compile everything again.
  if (!existsSync(config) || readFileSync(config, 'utf8') !== text) writeFileSync(config, text);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-b', config], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`the load build failed (tsc exit ${code}):\n${output}`)),
    );
  });
  return { serviceEntry, bareEntry, ms: performance.now() - started };
}
