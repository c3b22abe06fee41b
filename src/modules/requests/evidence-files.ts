import { ErrorCode } from '../../common/errors/error-codes';
import {
  PARSE_OUT_OF_MEMORY_MESSAGE,
  PARSE_TIMEOUT_MESSAGE,
  PARSER_BUSY_MESSAGE,
} from '../../common/files/file-limits';
import type { DocumentWorkers } from '../../infra/worker-pool/document-workers';
import { WorkerPoolError } from '../../infra/worker-pool/worker-pool';
import {
  EVIDENCE_CHECK_JOB,
  type EvidenceCheckPayload,
  type EvidenceVerdict,
} from './evidence-check';
import { displayFileName, type EvidenceType } from './evidence-type';
import type { UploadedEvidenceFile } from './evidence-upload.interceptor';
import {
  documentWorkersBusy,
  evidenceContentMismatch,
  evidenceTooComplex,
  unsupportedEvidence,
} from './requests.errors';

export interface TypedEvidenceFile {
  file: UploadedEvidenceFile;
  type: EvidenceType;
}

/**
 * Each evidence file checked by parsing it in a document worker (evidence-check.ts), one after the
 * other; the first refusal refuses the request before anything is stored.
 */
export async function checkEvidenceFiles(
  workers: DocumentWorkers,
  files: UploadedEvidenceFile[],
): Promise<TypedEvidenceFile[]> {
  const typed: TypedEvidenceFile[] = [];
  for (const file of files) {
    const name = displayFileName(file.originalname);
    const payload: EvidenceCheckPayload = { bytes: file.buffer };
    let verdict: EvidenceVerdict;
    try {
      verdict = await workers.run<EvidenceVerdict>(EVIDENCE_CHECK_JOB, payload);
    } catch (err) {
      throw poolRefusal(err, name);
    }
    if (verdict.ok) {
      typed.push({ file, type: verdict.type });
      continue;
    }
    switch (verdict.reason) {
      case 'unsupported':
        throw unsupportedEvidence(name);
      case 'mismatch':
        throw evidenceContentMismatch(name, verdict.claimed);
      case 'too_complex':
        throw evidenceTooComplex(name, ErrorCode.DOCUMENT_TOO_COMPLEX, verdict.message);
    }
  }
  return typed;
}

/** A worker pool failure as the refusal of the file `name` (time, memory, a full queue). */
export function poolRefusal(err: unknown, name: string): unknown {
  if (!(err instanceof WorkerPoolError)) return err;
  switch (err.failure) {
    case 'TIMEOUT':
      return evidenceTooComplex(name, ErrorCode.DOCUMENT_PARSE_TIMEOUT, PARSE_TIMEOUT_MESSAGE);
    case 'OUT_OF_MEMORY':
    case 'CRASHED':
      return evidenceTooComplex(name, ErrorCode.DOCUMENT_TOO_COMPLEX, PARSE_OUT_OF_MEMORY_MESSAGE);
    case 'BUSY':
      return documentWorkersBusy(PARSER_BUSY_MESSAGE);
    case 'CLOSED':
      return err;
  }
}
