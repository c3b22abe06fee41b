import {
  PARSE_OUT_OF_MEMORY_MESSAGE,
  PARSE_TIMEOUT_MESSAGE,
  PARSER_BUSY_MESSAGE,
  type DocumentCaps,
} from '../../common/files/file-limits';
import type { DocumentWorkers } from '../../infra/worker-pool/document-workers';
import { WorkerJobError, WorkerPoolError } from '../../infra/worker-pool/worker-pool';
import type { ParsedPlan } from './import/plan-document.types';
import { readPastedText, readPlanDocument } from './import/plan-document.reader';
import {
  PLAN_PARSE_ERROR_CODES,
  PlanParseError,
  sourceSuffix,
  type PlanParseErrorCode,
} from './import/plan-parse.errors';
import { PLAN_READ_JOB, type PlanReadPayload } from './import/plan-read.job';

/** Pasted text or a plain-text upload up to this size is read on the calling thread. */
export const IN_THREAD_MAX = 64 * 1024;

const PACKAGE_MAGICS = ['PK', '%PDF', '\u00d0\u00cf\u0011\u00e0'];

/**
 * Reads a plan from uploaded bytes (text in any encoding, .xlsx, .docx, .pdf) or pasted text; a
 * table pasted as text (one cell per line, `|`- or tab-separated rows) is read as a table.
 *
 * Every .docx, .xlsx and .pdf, and any text over IN_THREAD_MAX, is read in a document worker (heap
 * cap, time limit; see DocumentWorkers), so the event loop keeps answering while it is read. A
 * worker that runs out of time or memory is replaced and the file refused with
 * DOCUMENT_PARSE_TIMEOUT or DOCUMENT_TOO_COMPLEX; a full queue is DOCUMENT_PARSER_BUSY.
 */
export async function readPlan(
  workers: DocumentWorkers,
  content: Buffer | string,
  sourceName: string,
): Promise<ParsedPlan> {
  if (readsInThread(content)) return readPlanInThread(content, sourceName, workers.caps);
  const payload: PlanReadPayload =
    typeof content === 'string' ? { text: content, sourceName } : { bytes: content, sourceName };
  try {
    return await workers.run<ParsedPlan>(PLAN_READ_JOB, payload);
  } catch (err) {
    throw planReadError(err, sourceName);
  }
}

/** The same reading on the calling thread (tests, the parser fuzz, the bench). */
export async function readPlanInThread(
  content: Buffer | string,
  sourceName: string,
  caps?: DocumentCaps,
): Promise<ParsedPlan> {
  if (typeof content === 'string') return readPastedText(content, { sourceName });
  return readPlanDocument(content, { sourceName, caps });
}

function readsInThread(content: Buffer | string): boolean {
  if (content.length > IN_THREAD_MAX) return false;
  if (typeof content === 'string') return true;
  const head = content.toString('latin1', 0, 4);
  return !PACKAGE_MAGICS.some((magic) => head.startsWith(magic));
}

/** The worker's refusal as the reader's own error; the pool's failures as coded refusals. */
function planReadError(err: unknown, sourceName: string): unknown {
  const where = sourceSuffix(sourceName);
  if (err instanceof WorkerJobError && err.name === 'PlanParseError') {
    const code = err.code as PlanParseErrorCode;
    if (!PLAN_PARSE_ERROR_CODES.includes(code)) return err;
    const { line, cell } = err.props as { line?: number; cell?: string };
    return new PlanParseError(code, err.message, { line, cell });
  }
  if (err instanceof WorkerPoolError) {
    switch (err.failure) {
      case 'TIMEOUT':
        return new PlanParseError('DOCUMENT_PARSE_TIMEOUT', `${PARSE_TIMEOUT_MESSAGE}${where}`);
      case 'BUSY':
        return new PlanParseError('DOCUMENT_PARSER_BUSY', PARSER_BUSY_MESSAGE);
      case 'OUT_OF_MEMORY':
      case 'CRASHED':
        return new PlanParseError('DOCUMENT_TOO_COMPLEX', `${PARSE_OUT_OF_MEMORY_MESSAGE}${where}`);
      case 'CLOSED':
        return err;
    }
  }
  return err;
}
