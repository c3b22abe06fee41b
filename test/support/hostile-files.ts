/**
 * Files for the upload tests, built in the test: valid evidence of each type, look-alikes, and ZIP
 * bombs (small packages whose central directory declares a huge or over-compressed content).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

/** A 4×4 PNG written by pngjs. */
export function validPng(): Buffer {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(0x80);
  return PNG.sync.write(png);
}

/** An 8×8 baseline JPEG written by jpeg-js. */
export function validJpeg(): Buffer {
  const data = Buffer.alloc(8 * 8 * 4, 0xc0);
  return Buffer.from(jpeg.encode({ data, width: 8, height: 8 }, 80).data);
}

/** A one-page PDF with a consistent cross-reference table. */
export function validPdf(text = 'evidence'): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** `%PDF-` followed by an HTML page (and a trailer, so that only parsing tells). */
export function pdfLookAlike(): Buffer {
  return Buffer.from(
    '%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n',
  );
}

/** A PNG signature followed by an SVG image with a script. */
export function pngLookAlike(): Buffer {
  return Buffer.concat([
    validPng().subarray(0, 8),
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  ]);
}

/** A minimal .docx (content types, relationships, document) as Word would need it. */
export async function validDocx(paragraph = '1.完善社会救助制度。(省民政厅)'): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file('word/document.xml', documentXml([paragraph]));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function documentXml(paragraphs: string[], repeat = 1): string {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
    body.repeat(repeat) +
    '</w:body></w:document>'
  );
}

const EMPTY_DEFLATED = deflateRawSync(Buffer.alloc(0));

/**
 * A ZIP built by hand from `entries` (deflated), so a test can also lie in the central directory:
 * `declare` overrides an entry's declared uncompressed size.
 */
export function zipOf(entries: { name: string; content: Buffer; declare?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = e.content.length === 0 ? EMPTY_DEFLATED : deflateRawSync(e.content);
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declare ?? e.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    const sum = e.content.length === 0 ? 0 : crc32(e.content);
    local.writeUInt32LE(sum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(sum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  // Over 65,534 entries the count lives in a ZIP64 end record (the classic one says 0xffff).
  const zip64: Buffer[] = [];
  if (entries.length >= 0xffff) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(cd.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    zip64.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, ...zip64, end]);
}

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);

/** A .docx whose word/document.xml inflates to `mb` MB of repeated paragraphs (a ratio bomb). */
export function docxBomb(mb = 12): Buffer {
  const para = '<w:p><w:r><w:t>1.完善社会救助制度。(省民政厅)</w:t></w:r></w:p>';
  const xml = documentXml([para], Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(para)));
  return zipOf([
    { name: '[Content_Types].xml', content: CONTENT_TYPES },
    { name: 'word/document.xml', content: Buffer.from(xml) },
  ]);
}

/** An .xlsx whose first sheet inflates to `mb` MB of one repeated row (a ratio bomb). */
export function xlsxBomb(mb = 12): Buffer {
  const row = '<row><c t="inlineStr"><is><t>重点工作</t></is></c></row>';
  const sheet =
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    row.repeat(Math.ceil((mb * 1024 * 1024) / row.length)) +
    '</sheetData></worksheet>';
  return zipOf([
    { name: '[Content_Types].xml', content: CONTENT_TYPES },
    { name: 'xl/workbook.xml', content: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', content: Buffer.from(sheet) },
  ]);
}

/** A ZIP of `count` empty entries (an entry-count bomb), named like a .docx. */
export function manyEntriesZip(count = 100_000): Buffer {
  const entries = [
    { name: '[Content_Types].xml', content: CONTENT_TYPES },
    { name: 'word/document.xml', content: Buffer.from(documentXml(['x'])) },
  ];
  for (let i = entries.length; i < count; i++) {
    entries.push({ name: `word/media/p${i}.xml`, content: Buffer.alloc(0) });
  }
  return zipOf(entries);
}

/** A ZIP with only a `word/` folder entry: what the old first-bytes check took for a .docx. */
export function wordFolderOnlyZip(): Buffer {
  return zipOf([{ name: 'word/', content: Buffer.alloc(0) }]);
}
