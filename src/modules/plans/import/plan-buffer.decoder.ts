import { PlanParseError } from './plan-parse.errors';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Turns an uploaded file into text for the plan parser.
 *
 * - NUL bytes mean a binary file (Word, PDF, image, UTF-16): rejected with NOT_TEXT.
 * - A UTF-8 BOM is stripped; CRLF and lone CR become LF.
 * - Text that is not valid UTF-8 but decodes cleanly as GB18030 (a superset of GBK/GB2312,
 *   the usual encoding of government .txt exports) is read as GB18030, using the decoder
 *   built into Node.
 * - If more than 10% of the decoded characters are U+FFFD (undecodable), the file is
 *   rejected with NOT_TEXT.
 */
export function decodePlanBuffer(buf: Buffer): string {
  if (buf.includes(0)) throw new PlanParseError('NOT_TEXT');
  const bytes = UTF8_BOM.every((b, i) => buf[i] === b) ? buf.subarray(3) : buf;

  let text = new TextDecoder('utf-8').decode(bytes);
  const bad = countReplacement(text);
  if (bad > 0) {
    const nonAscii = [...text].filter((c) => c.charCodeAt(0) > 0x7f).length;
    // GBK text decoded as UTF-8 turns nearly every non-ASCII character into U+FFFD; a UTF-8
    // file with one damaged byte does not, and must not be re-read as GB18030.
    if (bad / Math.max(1, nonAscii) > 0.3) {
      const gb = tryDecode('gb18030', bytes);
      if (gb !== null && countReplacement(gb) === 0) text = gb;
    }
  }
  assertLooksLikeText(text);
  return text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
}

/** Rejects strings that are clearly not text: NUL characters, mostly U+FFFD, or control codes. */
export function assertLooksLikeText(text: string): void {
  if (text.includes('\u0000')) throw new PlanParseError('NOT_TEXT');
  const visible = text.replace(/\s/g, '');
  if (visible.length === 0) return;
  if (countReplacement(visible) / visible.length > 0.1) throw new PlanParseError('NOT_TEXT');
  // eslint-disable-next-line no-control-regex
  const controls = (visible.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g) ?? []).length;
  if (controls / visible.length > 0.1) throw new PlanParseError('NOT_TEXT');
}

function countReplacement(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) n++;
  return n;
}

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
