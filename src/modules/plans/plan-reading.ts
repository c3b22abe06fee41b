import type { ParsedPlan } from './import/plan-document.types';
import { decodePlanBuffer, parsePlanText } from './import/plan-text.parser';

/** Reads a plan from uploaded bytes or pasted text. */
export async function readPlan(content: Buffer | string, sourceName: string): Promise<ParsedPlan> {
  const text = typeof content === 'string' ? content : decodePlanBuffer(content);
  return parsePlanText(text, { sourceName });
}
