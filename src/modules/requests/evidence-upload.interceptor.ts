import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { assertLeadOf } from './lead-department';
import {
  evidenceInWrongField,
  evidenceTooLarge,
  malformedUpload,
  tooManyEvidenceFiles,
} from './requests.errors';

export const MAX_EVIDENCE_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 5;
export const EVIDENCE_FIELD = 'files';

export interface UploadedEvidenceFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/**
 * Multipart parsing for evidence: in memory only, at most MAX_EVIDENCE_FILES files of
 * MAX_EVIDENCE_FILE_BYTES each. An oversized file aborts the upload while it streams (413), before
 * anything reaches the disk or the database; JSON requests pass through untouched. Who may ask is
 * checked first (a liaison or head of the task's lead department), so a caller who may not send
 * evidence is refused before a byte of it is read.
 */
@Injectable()
export class EvidenceUploadInterceptor implements NestInterceptor {
  private readonly upload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: MAX_EVIDENCE_FILE_BYTES,
      files: MAX_EVIDENCE_FILES,
      fields: 30,
      fieldSize: 64 * 1024,
      parts: 40,
    },
    // Browsers send UTF-8 file names (Chinese) without declaring a charset.
    defParamCharset: 'utf8',
  }).array(EVIDENCE_FIELD, MAX_EVIDENCE_FILES);

  constructor(private readonly policy: AccessPolicyService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const res = http.getResponse<Response>();
    const taskId = req.params.id;
    // A malformed id is left to the route's TaskIdPipe (400).
    if (req.user && typeof taskId === 'string' && isUUID(taskId)) {
      await assertLeadOf(this.policy, req.user, taskId);
    }
    await new Promise<void>((resolvePromise, reject) =>
      this.upload(req, res, (err: unknown) => (err ? reject(uploadError(err)) : resolvePromise())),
    );
    return next.handle();
  }
}

function uploadError(err: unknown): unknown {
  if (!(err instanceof multer.MulterError)) return err;
  switch (err.code) {
    case 'LIMIT_FILE_SIZE':
      return evidenceTooLarge(err.field, MAX_EVIDENCE_FILE_BYTES);
    case 'LIMIT_FILE_COUNT':
      return tooManyEvidenceFiles(MAX_EVIDENCE_FILES);
    case 'LIMIT_UNEXPECTED_FILE':
      return evidenceInWrongField(err.field ?? EVIDENCE_FIELD, EVIDENCE_FIELD);
    default:
      return malformedUpload(err.field ?? EVIDENCE_FIELD, err.code);
  }
}
