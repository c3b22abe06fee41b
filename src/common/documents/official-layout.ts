import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';

/**
 * The official layout of a party and government document (党政机关公文格式, GB/T 9704-2012) as far as
 * a generated .docx can follow it: A4 with the standard margins, a red issuer line (发文机关标志) with
 * a red rule under the number (发文字号), a centred title in 方正小标宋简体, the addressee (主送),
 * the body in 仿宋_GB2312 size 3 (16 pt) on a 28.95 pt line, level-1 headings in 黑体 and level-2 in
 * 楷体_GB2312, the issuer and date at the right, a 抄送 line. Pure: the document object in, the
 * .docx bytes out. Every font is named in the eastAsia slot of each run (what Word uses for Chinese)
 * and declared in the font table with an alternative name (w:altName: 仿宋_GB2312 → 仿宋,
 * 方正小标宋简体 → 宋体 …), so a machine without the official fonts falls back to the common ones.
 */

/** One block of a document's body. */
export type DocumentBlock =
  | { kind: 'paragraph'; text: string }
  /** 一、… in 黑体 */
  | { kind: 'heading'; text: string }
  /** (一)… in 楷体_GB2312 */
  | { kind: 'subheading'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][]; widths?: number[] };

export interface OfficialDocument {
  /** 发文机关: the issuing office, e.g. 督查室 or 南京市督查室. */
  issuer: string;
  /** The red line reads `${issuer}${headerSuffix}` (文件 by default). */
  headerSuffix?: string;
  /** 交〔2026〕12号; null = a draft (the number line reads 〔year〕  号, to be filled when issued). */
  number: string | null;
  /** The year a draft's blank number is of. */
  year: number;
  title: string;
  /** 主送机关 (the addressee), without the colon. */
  addressee?: string;
  body: DocumentBlock[];
  /** 成文日期 as a local date (YYYY-MM-DD). */
  date: string;
  /** 抄送 */
  copyTo?: string;
  /** Core properties of the file (title; the issuer is the author). */
  subject?: string;
}

/** The fonts of the standard and their common fallbacks (w:altName). */
export const OFFICIAL_FONTS = {
  title: { name: '方正小标宋简体', fallback: '宋体' },
  body: { name: '仿宋_GB2312', fallback: '仿宋' },
  heading: { name: '黑体', fallback: 'SimHei' },
  subheading: { name: '楷体_GB2312', fallback: '楷体' },
  latin: { name: 'Times New Roman', fallback: 'Times New Roman' },
} as const;

const RED = 'FF0000';
/** Half-points: 小初 (36 pt) for the issuer line, 二号 (22 pt) for the title, 三号 (16 pt) for the body. */
const SIZE = { issuer: 60, title: 44, body: 32, table: 24 } as const;
/** 28.95 pt between lines (22 lines of 28 characters a page), in twips. */
const LINE = 579;
const MM = 56.7;

type FontKey = keyof typeof OFFICIAL_FONTS;

function font(key: FontKey): IRunOptions['font'] {
  const eastAsia = OFFICIAL_FONTS[key].name;
  const latin = OFFICIAL_FONTS.latin.name;
  return { ascii: latin, hAnsi: latin, eastAsia, cs: latin };
}

function run(text: string, key: FontKey, extra: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: font(key), size: SIZE.body, ...extra });
}

/** A body paragraph: first line indented two characters, exact line height. */
function bodyParagraph(text: string, key: FontKey = 'body'): Paragraph {
  return new Paragraph({
    children: [run(text, key)],
    indent: { firstLine: 640 },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    alignment: AlignmentType.JUSTIFIED,
  });
}

function blank(): Paragraph {
  return new Paragraph({
    children: [run('', 'body')],
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
  });
}

function tableOf(header: string[], rows: string[][], widths?: number[]): Table {
  const total = 100;
  const even = header.map(() => total / header.length);
  const w = widths && widths.length === header.length ? widths : even;
  const cell = (text: string, i: number, bold: boolean) =>
    new TableCell({
      width: { size: w[i]!, type: WidthType.PERCENTAGE },
      verticalAlign: VerticalAlign.CENTER,
      children: text.split('\n').map(
        (line) =>
          new Paragraph({
            children: [run(line, bold ? 'heading' : 'body', { size: SIZE.table })],
            alignment: bold ? AlignmentType.CENTER : AlignmentType.LEFT,
          }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i, false)) })),
    ],
  });
}

/** 2026年12月7日 (GB/T 9704-2012 writes the date of a document in Arabic numerals). */
export function documentDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Renders the document as .docx bytes. */
export async function renderOfficialDocument(doc: OfficialDocument): Promise<Buffer> {
  const number = doc.number ?? `〔${doc.year}〕  号`;
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      children: [
        run(`${doc.issuer}${doc.headerSuffix ?? '文件'}`, 'title', {
          size: SIZE.issuer,
          color: RED,
        }),
      ],
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 600 },
    }),
    new Paragraph({
      children: [run(number, 'body')],
      alignment: AlignmentType.CENTER,
      // The red rule under the number (版头中的分隔线).
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 12 } },
      spacing: { after: 600 },
    }),
    new Paragraph({
      children: [run(doc.title, 'title', { size: SIZE.title })],
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 300 },
    }),
  ];
  if (doc.addressee) {
    children.push(
      new Paragraph({
        children: [run(`${doc.addressee}:`, 'body')],
        spacing: { line: LINE, lineRule: LineRuleType.EXACT },
      }),
    );
  }
  for (const block of doc.body) {
    if (block.kind === 'paragraph') children.push(bodyParagraph(block.text));
    else if (block.kind === 'heading') children.push(bodyParagraph(block.text, 'heading'));
    else if (block.kind === 'subheading') children.push(bodyParagraph(block.text, 'subheading'));
    else children.push(tableOf(block.header, block.rows, block.widths));
  }
  children.push(
    blank(),
    new Paragraph({
      children: [run(doc.issuer, 'body')],
      alignment: AlignmentType.RIGHT,
      indent: { right: 1280 },
      spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    }),
    new Paragraph({
      children: [run(documentDate(doc.date), 'body')],
      alignment: AlignmentType.RIGHT,
      indent: { right: 1280 },
      spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    }),
  );
  if (doc.copyTo) {
    children.push(
      blank(),
      new Paragraph({
        children: [run(`抄送:${doc.copyTo}。`, 'body', { size: 28 })],
        border: {
          top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
          bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
        },
      }),
    );
  }
  const file = new Document({
    creator: doc.issuer,
    title: doc.subject ?? doc.title,
    styles: {
      default: { document: { run: { font: font('body'), size: SIZE.body } } },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(file, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}

/** The font table: each official font with its fallback (w:altName) and the GB2312 charset. */
function fontTableXml(): string {
  const fonts = Object.values(OFFICIAL_FONTS)
    .map(
      (f) =>
        `<w:font w:name="${f.name}"><w:altName w:val="${f.fallback}"/>` +
        `<w:charset w:val="${f.name === 'Times New Roman' ? '00' : '86'}"/>` +
        `<w:family w:val="${f.name === 'Times New Roman' ? 'roman' : 'modern'}"/>` +
        `<w:pitch w:val="${f.name === 'Times New Roman' ? 'variable' : 'fixed'}"/></w:font>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    fonts +
    '</w:fonts>'
  );
}
