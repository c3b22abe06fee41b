/** A small walker over mammoth's HTML: paragraphs and tables (merged cells filled) in document order. */

export interface ParaBlock {
  kind: 'p';
  text: string;
}
export interface TableBlock {
  kind: 'table';
  /** Grid rows after filling colspan/rowspan. */
  rows: string[][];
  width: number;
}
export type HtmlBlock = ParaBlock | TableBlock;

interface RawCell {
  text: string;
  colspan: number;
  rowspan: number;
}

/**
 * A small walker over mammoth's HTML: top-level paragraphs and tables in document order.
 * A table nested in a cell contributes its text to that cell. Paragraph and line breaks
 * inside a cell become newlines.
 */
export function walkHtml(html: string): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  const tokens = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*?)(\/?)>|<!--[\s\S]*?-->|([^<]+)/g;
  let depth = 0; // table nesting
  let rawRows: RawCell[][] = [];
  let cell: RawCell | null = null;
  let para = '';
  let inPara = false;

  const appendText = (t: string) => {
    if (cell) cell.text += t;
    else if (depth === 0) {
      para += t;
      inPara = true;
    }
  };
  const breakLine = () => {
    if (cell && cell.text && !cell.text.endsWith('\n')) cell.text += '\n';
  };
  const flushPara = () => {
    const text = para.replace(/[ \t]+\n/g, '\n').trim();
    if (inPara && text) blocks.push({ kind: 'p', text });
    para = '';
    inPara = false;
  };

  for (const m of html.matchAll(tokens)) {
    const [, closing, rawName, attrs, selfClosing, text] = m;
    if (text !== undefined) {
      appendText(decodeEntities(text));
      continue;
    }
    if (!rawName) continue; // comment
    const name = rawName.toLowerCase();
    if (name === 'table') {
      if (!closing) {
        if (depth === 0) {
          flushPara();
          rawRows = [];
        } else breakLine();
        depth++;
      } else if (depth > 0) {
        depth--;
        if (depth === 0) {
          blocks.push(fillGrid(rawRows));
          rawRows = [];
          cell = null;
        }
      }
      continue;
    }
    if (depth === 1 && name === 'tr' && !closing) {
      rawRows.push([]);
      cell = null;
      continue;
    }
    if (depth === 1 && (name === 'td' || name === 'th')) {
      if (!closing) {
        if (rawRows.length === 0) rawRows.push([]);
        cell = { text: '', colspan: spanOf(attrs, 'colspan'), rowspan: spanOf(attrs, 'rowspan') };
        rawRows[rawRows.length - 1].push(cell);
      } else {
        cell = null;
      }
      continue;
    }
    const blockish = ['p', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'tr', 'td', 'th'];
    if (blockish.includes(name)) {
      if (depth > 0) {
        if (closing || name === 'br' || selfClosing) breakLine();
      } else if (name === 'br') {
        appendText('\n');
      } else {
        flushPara();
      }
    }
  }
  flushPara();
  return blocks;
}

function spanOf(attrs: string, name: string): number {
  const m = new RegExp(`${name}\\s*=\\s*["']?(\\d+)`, 'i').exec(attrs);
  const n = m ? Number(m[1]) : 1;
  return n >= 1 && n <= 100 ? n : 1;
}

/** Places cells on a grid: a merged cell's text is repeated in every slot it covers. */
function fillGrid(rawRows: RawCell[][]): TableBlock {
  const grid: string[][] = [];
  for (let r = 0; r < rawRows.length; r++) {
    grid[r] ??= [];
    let c = 0;
    for (const raw of rawRows[r]) {
      while (grid[r][c] !== undefined) c++;
      const text = raw.text
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n+$/, '')
        .trim();
      for (let dr = 0; dr < raw.rowspan && r + dr < rawRows.length; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < raw.colspan; dc++) grid[r + dr][c + dc] = text;
      }
      c += raw.colspan;
    }
  }
  const width = Math.max(0, ...grid.map((row) => row.length));
  const rows = grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
  return { kind: 'table', rows, width };
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[e] ?? whole;
  });
}
