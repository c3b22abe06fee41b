/**
 * Writes the PDF fixtures under test/fixtures/pdf/ by printing text to PDF with headless Chromium,
 * the way an office's word processor would publish a plan (A4, CJK font, wrapped lines, a running
 * header and a page-number footer on every page):
 *
 *   reference-plan.pdf   test/fixtures/004_26c38e0122c86045.txt (the reference plan, 80 items)
 *   xiaofei.pdf          ../shared/corpus/docs/gov-2018-129-xiaofei.txt without its first two lines
 *                        (the source URL and a blank line), that text kept as xiaofei.txt; skipped
 *                        when the corpus is not there
 *   scanned.pdf          the reference plan's first page as a screenshot (PNG) printed as an image:
 *                        a PDF without a text layer, as a scanner makes
 *
 * Needs Chromium and a CJK font: `apt-get update && apt-get install -y chromium fonts-wqy-microhei`.
 * Run: `node -r @swc-node/register scripts/make-pdf-fixtures.ts`. Chromium stamps a creation date
 * into each PDF, so re-running changes the bytes but not the text the tests read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_FLAGS } from './kit/chromium-flags';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'test/fixtures/pdf');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CORPUS_DOC = join(ROOT, '../shared/corpus/docs/gov-2018-129-xiaofei.txt');

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cssString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** An A4 page of pre-wrapped text; `@page` margin boxes carry the running header and footer. */
function html(text: string, header: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(header)}</title>
<style>
  @page {
    size: A4;
    margin: 28mm 26mm 28mm 28mm;
    @top-center { content: ${cssString(header)}; font: 9pt "WenQuanYi Micro Hei", sans-serif; color: #444; }
    @bottom-center { content: "— " counter(page) " —"; font: 10pt "WenQuanYi Micro Hei", sans-serif; }
  }
  html, body { margin: 0; padding: 0; }
  body {
    font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif;
    font-size: 12pt;
    line-height: 1.6;
    white-space: pre-wrap;
    word-break: normal;
    overflow-wrap: anywhere;
  }
</style></head>
<body>${escapeHtml(text)}</body></html>
`;
}

function chromium(args: string[]): void {
  const profile = mkdtempSync(join(tmpdir(), 'duban-chromium-'));
  try {
    execFileSync(
      CHROMIUM,
      ['--headless', ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function printPdf(htmlText: string, out: string, work: string): void {
  const page = join(work, 'page.html');
  writeFileSync(page, htmlText);
  chromium(['--no-pdf-header-footer', `--print-to-pdf=${out}`, `file://${page}`]);
  console.log(`wrote ${out} (${readFileSync(out).length} bytes)`);
}

function main(): void {
  mkdirSync(OUT, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'duban-pdf-'));
  try {
    const plan = readFileSync(join(ROOT, 'test/fixtures/004_26c38e0122c86045.txt'), 'utf8');
    printPdf(
      html(plan, '关于进一步加强新时期民政工作责任分解方案'),
      join(OUT, 'reference-plan.pdf'),
      work,
    );

    if (existsSync(CORPUS_DOC)) {
      const doc = readFileSync(CORPUS_DOC, 'utf8').split('\n').slice(2).join('\n');
      writeFileSync(join(OUT, 'xiaofei.txt'), doc);
      printPdf(
        html(doc, '国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见'),
        join(OUT, 'xiaofei.pdf'),
        work,
      );
    } else {
      console.warn(`skipped xiaofei.pdf: ${CORPUS_DOC} not found`);
    }

    // A scan: the first page as pixels only (a small greyscale screenshot), printed as an image.
    const shotHtml = join(work, 'shot.html');
    writeFileSync(shotHtml, html(plan.split('\n').slice(0, 30).join('\n'), '扫描件'));
    const png = join(work, 'page.png');
    chromium([`--screenshot=${png}`, '--window-size=794,1123', `file://${shotHtml}`]);
    const img = readFileSync(png).toString('base64');
    printPdf(
      `<!doctype html><html><head><meta charset="utf-8"><style>@page{size:A4;margin:0}` +
        `body{margin:0}img{width:210mm;display:block}</style></head>` +
        `<body><img src="data:image/png;base64,${img}"></body></html>`,
      join(OUT, 'scanned.pdf'),
      work,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
