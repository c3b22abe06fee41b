import type { ParsedPlan } from './import/plan-document.types';
import { readPastedText, readPlanDocument } from './import/plan-document.reader';

/**
 * Reads a plan from uploaded bytes (text in any encoding, .xlsx, .docx, .pdf) or pasted text; a
 * table pasted as text (one cell per line, `|`- or tab-separated rows) is read as a table.
 */
export async function readPlan(content: Buffer | string, sourceName: string): Promise<ParsedPlan> {
  if (typeof content === 'string') return readPastedText(content, { sourceName });
  return readPlanDocument(content, { sourceName });
}
