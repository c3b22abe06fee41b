/** The head of a prose plan: its title, document number (`X〔YYYY〕N号`) and issue date. */
import { normalizeChars } from '../../../common/text/normalize-chars';
import { DOC_NUMBER_RE, readDate } from './plan-text.util';

const DOC_NUMBER_FIELD_RE = new RegExp(String.raw`(?:^|\s)(${DOC_NUMBER_RE.source})`);
const DOC_NUMBER_LABEL_RE = /(?:发文字号|发文号|文号)\s*:\s*/;
const ISSUED_LABEL_RE = /(?:发布日期|成文日期|印发日期|发文日期)\s*:\s*/;
const HEADING_RE =
  /^\s*(?:[一二三四五六七八九十百零〇]+\s*[、.]|第(?:[一二三四五六七八九十百零〇]+|\d+)\s*(?:章|部分|篇)|\(\s*[一二三四五六七八九十百零〇]+\s*\)|\d{1,3}\s*[.、])/;

/** The `X〔YYYY〕N号` token at the start of a line (or after 文号:), and the date beside it. */
export function readDocumentNumber(
  lines: string[],
  norms: string[],
): { documentNumber: string | null; issuedOn: string | null } {
  let documentNumber: string | null = null;
  let issuedOn: string | null = null;
  for (let i = 0; i < lines.length && documentNumber === null; i++) {
    const n = norms[i];
    const label = DOC_NUMBER_LABEL_RE.exec(n);
    // Only a token that starts a line, a space-separated field or a 文号: label; a number
    // cited in brackets or inside a sentence (`(苏发〔2012〕14号)`) is another document's.
    const found = label
      ? DOC_NUMBER_RE.exec(n.slice(label.index + label[0].length))
      : DOC_NUMBER_FIELD_RE.exec(n);
    if (!found || (label && found.index !== 0)) continue;
    const from = label
      ? label.index + label[0].length
      : found.index + found[0].length - found[1].length;
    const token = label ? found[0] : found[1];
    documentNumber = lines[i].slice(from, from + token.length).trim();
    const rest = n.slice(from + token.length);
    const d = /(?:19|20)\d{2}\s*(?:年|[-/.])/.exec(rest);
    if (d) issuedOn = readDate(rest.slice(d.index));
  }
  if (issuedOn === null) {
    for (const n of norms) {
      const m = ISSUED_LABEL_RE.exec(n);
      const date = m ? readDate(n.slice(m.index + m[0].length)) : null;
      if (date) {
        issuedOn = date;
        break;
      }
    }
  }
  return { documentNumber, issuedOn };
}

/** A line that could be a title: short, no sentence punctuation, no date or document number. */
function isHeadingLike(norm: string): boolean {
  const t = norm.trim();
  if (t.length < 2 || t.length > 60) return false;
  if (/[。,:;!?]/.test(t)) return false;
  if (/^\(.*\)$/.test(t) || /^[\d\s.-]+$/.test(t)) return false;
  if (HEADING_RE.test(t)) return false;
  if (DOC_NUMBER_RE.test(t)) return false;
  if (/(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月|-\d{1,2}-)|[〇○零一二三四五六七八九]{4}年/.test(t))
    return false;
  return true;
}

/**
 * The standalone heading before the first chapter (or first item): the plan's own title,
 * not the covering notice's. A title wrapped over two lines (`…建设的` / `实施方案`) is
 * joined. Falls back to the first non-empty line.
 */
export function readTitle(lines: string[], norms: string[]): string {
  const firstStructure = norms.findIndex((n) => HEADING_RE.test(n));
  for (let i = (firstStructure < 0 ? lines.length : firstStructure) - 1; i >= 0; i--) {
    if (norms[i].trim() === '' || !isHeadingLike(norms[i])) continue;
    let title = lines[i].trim();
    const above = i > 0 ? norms[i - 1].trim() : '';
    if (above && isHeadingLike(above) && (title.length <= 8 || /[的和与及之《]$/.test(above))) {
      title = lines[i - 1].trim() + title;
    }
    return title;
  }
  const first = lines.find((l) => normalizeChars(l).trim() !== '');
  return first ? first.trim() : '';
}
