import * as mammoth from 'mammoth';
import yauzl from 'yauzl';

/** A .docx read back: its text (mammoth) and the XML parts that carry the layout. */
export interface ReadDocx {
  text: string;
  documentXml: string;
  fontTableXml: string;
}

function entries(buf: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      const out = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

export async function readDocx(buf: Buffer): Promise<ReadDocx> {
  const parts = await entries(buf);
  const { value } = await mammoth.extractRawText({ buffer: buf });
  return {
    text: value,
    documentXml: parts.get('word/document.xml') ?? '',
    fontTableXml: parts.get('word/fontTable.xml') ?? '',
  };
}
