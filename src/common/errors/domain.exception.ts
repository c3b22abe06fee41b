import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-codes';
import { statusOf } from './error-status';

/**
 * A failure the user can act on. `message` is Simplified Chinese, written for a liaison;
 * `code` is stable; `details` names fields and reasons. The HTTP status is not chosen here: the
 * exception filter looks it up in `ERROR_STATUS` (error-status.ts), one table for every code.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  /** The HTTP status the filter answers with, from the one table (`ERROR_STATUS`). */
  get status(): HttpStatus {
    return statusOf(this.code);
  }
}

export const notFound = (what: string) => new DomainException(ErrorCode.NOT_FOUND, `${what}不存在`);

/**
 * A resource that exists out of the caller's scope: answered exactly like one that does not exist
 * (404, same code and message: its existence is not revealed), but recorded as a refused access.
 */
export class OutOfScope extends DomainException {
  constructor(what: string) {
    super(ErrorCode.NOT_FOUND, `${what}不存在`);
    this.name = 'OutOfScope';
  }
}

export const forbidden = (message = '您无权访问该内容') =>
  new DomainException(ErrorCode.FORBIDDEN, message);
