import type { ParsedPlan } from './import/plan-document.types';
import { readPlanDocument } from './import/plan-document.reader';
import { parsePlanText } from './import/plan-text.parser';

/** Reads a plan from uploaded bytes (text in any encoding, .xlsx, .docx, .pdf) or pasted text. */
export async function readPlan(content: Buffer | string, sourceName: string): Promise<ParsedPlan> {
  if (typeof content === 'string') return parsePlanText(content, { sourceName });
  return readPlanDocument(content, { sourceName });
}
