import type { Request } from 'express';

/**
 * Where the exception filter reports a refusal (403). The filter lives in `common/` and knows no
 * module; the audit module provides the implementation (`AccessDeniedAuditor`) under this token.
 */
export abstract class AccessDenialRecorder {
  abstract record(req: Request, message: string): Promise<void>;
}
