import type { NextFunction, Request, Response } from 'express';
import { invalidInput, type FieldProblem } from '../errors/validation';

/** A UTF-16 surrogate without its pair (`u` flag: a proper pair is one code point and never matches). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** Keys that only serve prototype pollution; no request of this API has them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first value of a parsed body or query that no field may hold, as a field problem, or null:
 * - U+0000: PostgreSQL text cannot store it; it reached the database as a 500 on any route;
 * - a lone surrogate (`"\ud800"`): not text at all; validator.js's isEmail and isByteLength throw
 *   on it (encodeURI), a 500 found by the fuzz suite;
 * - a `__proto__`, `constructor` or `prototype` key, at any depth.
 * Iterative, so a body of any shape is walked without recursion (depth is bounded before this).
 */
export function unacceptableValue(value: unknown, root: string): FieldProblem | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    const field = path || 'body';
    if (typeof v === 'string') {
      if (v.includes('\u0000')) {
        return {
          field,
          reason: '含有不可见的空字符(NUL),请删除后重新填写',
          constraint: 'noNulByte',
        };
      }
      if (LONE_SURROGATE.test(v)) {
        return {
          field,
          reason: '含有无法识别的字符(残缺的 Unicode 代理项)',
          constraint: 'wellFormedText',
        };
      }
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as object)) {
        const at = Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
        if (!Array.isArray(v) && PROTOTYPE_KEYS.has(k)) {
          return { field: at, reason: '不是可接受的字段,请删除', constraint: 'noPrototypeKey' };
        }
        stack.push([child, at]);
      }
    }
  }
  return null;
}

/** A NUL in the path, encoded or not (a path parameter would carry it to the database). */
const NUL_IN_PATH = /%00|\0/i;

/** Refuses a path, body or query string holding such a value, with 400 naming the field. */
export function rejectNulBytes(req: Request, _res: Response, next: NextFunction): void {
  const path = (req.originalUrl ?? req.url).split('?')[0] ?? '';
  const problem = NUL_IN_PATH.test(path)
    ? { field: 'path', reason: '地址中含有不可见的空字符(NUL),请检查链接', constraint: 'noNulByte' }
    : (unacceptableValue(req.body, '') ?? unacceptableValue(req.query, ''));
  next(problem === null ? undefined : invalidInput([problem]));
}
