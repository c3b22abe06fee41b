import type { NextFunction, Request, Response } from 'express';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

/** Deeper than any request of this API (the deepest, a calendar year, is 3). */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a parsed JSON value, counted without recursion, stopping past `limit`. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v as object)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses a JSON body nested deeper than MAX_JSON_DEPTH with 400, before validation: JSON.parse
 * accepts any depth, but class-transformer and class-validator recurse, and a body of 50,000
 * nested arrays overflowed the stack (a 500) on every route that takes a body.
 */
export function rejectDeepJson(req: Request, _res: Response, next: NextFunction): void {
  if (
    req.body !== null &&
    typeof req.body === 'object' &&
    jsonDepthExceeds(req.body, MAX_JSON_DEPTH)
  ) {
    next(
      new DomainException(
        ErrorCode.VALIDATION_FAILED,
        `提交的内容嵌套层级过深(最多 ${MAX_JSON_DEPTH} 层)`,
        [{ field: 'body', reason: `嵌套超过 ${MAX_JSON_DEPTH} 层` }],
      ),
    );
    return;
  }
  next();
}
