import type { NextFunction, Request, Response } from 'express';
import { invalidInput } from '../errors/validation';

/**
 * The path of the first string holding U+0000 in a parsed body or query (`items[2].text`), or null.
 * PostgreSQL text cannot store U+0000: such a value reached the database as a 500 on any route.
 * Iterative, so a body of any shape is walked without recursion (depth is bounded before this).
 */
export function nulBytePath(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as object)) {
        const at = Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
        stack.push([child, at]);
      }
    }
  }
  return null;
}

/** Refuses a body or query string that holds a NUL character, with 400 naming the field. */
export function rejectNulBytes(req: Request, _res: Response, next: NextFunction): void {
  const field = nulBytePath(req.body, '') ?? nulBytePath(req.query, '');
  if (field === null) {
    next();
    return;
  }
  const name = field || 'body';
  next(
    invalidInput([
      { field: name, reason: '含有不可见的空字符(NUL),请删除后重新填写', constraint: 'noNulByte' },
    ]),
  );
}
