import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Bundles the web interface (web/src, Preact) into web/dist: one minified script and one
 * stylesheet, both named by content hash, and index.html pointing at them. Runs in well under a
 * second; `postinstall`, `predemo`, `prestart` and the browser tests call it, so a fresh clone
 * serves the interface with no extra step and nothing is fetched at run time.
 */
export const WEB_ROOT = join(__dirname, '..', 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

export async function buildWeb(opts: { quiet?: boolean } = {}): Promise<{ bytes: number }> {
  rmSync(WEB_DIST, { recursive: true, force: true });
  mkdirSync(WEB_DIST, { recursive: true });
  const result = await build({
    entryPoints: [join(WEB_ROOT, 'src', 'main.tsx'), join(WEB_ROOT, 'src', 'styles.css')],
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: WEB_DIST,
    entryNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const find = (ext: string) => {
    const hit = outputs.find(([file]) => file.endsWith(ext));
    if (!hit) throw new Error(`web build produced no ${ext}`);
    return { name: basename(hit[0]), bytes: hit[1].bytes };
  };
  const js = find('.js');
  const css = find('.css');
  const html = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8')
    .replace('%APP_JS%', js.name)
    .replace('%APP_CSS%', css.name);
  writeFileSync(join(WEB_DIST, 'index.html'), html);
  const bytes = js.bytes + css.bytes;
  if (!opts.quiet) {
    console.log(`web UI built: ${js.name} ${js.bytes} B, ${css.name} ${css.bytes} B → web/dist`);
  }
  return { bytes };
}

if (require.main === module) {
  buildWeb().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
