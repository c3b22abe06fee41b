import type { NextFunction, Request, Response } from 'express';
import { invalidInput } from '../errors/validation';

/**
 * Refuses a request body that is neither JSON nor a multipart upload (400): the JSON parser skips
 * other types, so `text/plain` or a form reached validation as an empty body, and a route whose
 * fields are all optional accepted it (PUT /people/:id/region moved the person to the top).
 */
export function rejectOtherBodyTypes(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || req.is(['application/json', 'application/*+json', 'multipart/form-data'])) {
    next();
    return;
  }
  next(
    invalidInput([
      {
        field: 'body',
        reason: `内容类型“${(req.headers['content-type'] ?? '未注明').slice(0, 100)}”不受支持,请以 JSON(application/json)提交`,
        constraint: 'contentType',
      },
    ]),
  );
}
