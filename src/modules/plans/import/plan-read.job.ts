import type { DocumentCaps } from '../../../common/files/file-limits';
import type { ParsedPlan } from './plan-document.types';
import { readPastedText, readPlanDocument } from './plan-document.reader';

/** The document worker's job that reads a plan (src/document-worker.ts serves it). */
export const PLAN_READ_JOB = 'plan.read';

export interface PlanReadPayload {
  /** The uploaded bytes, or */
  bytes?: Uint8Array;
  /** pasted text. */
  text?: string;
  sourceName: string;
}

/** Runs in a document worker: the bytes or text read into a plan, under the pool's caps. */
export async function readPlanJob(
  payload: PlanReadPayload,
  caps: DocumentCaps,
): Promise<ParsedPlan> {
  const { sourceName } = payload;
  if (payload.text !== undefined) return readPastedText(payload.text, { sourceName });
  const bytes = payload.bytes ?? new Uint8Array();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return readPlanDocument(buf, { sourceName, caps });
}
