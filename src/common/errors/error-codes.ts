/** Stable error codes: clients and tests key on these, never on the message text. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  STALE_VERSION = 'STALE_VERSION',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  TASK_CLOSED = 'TASK_CLOSED',
  /** A supervision notice already exists for the task's current deadline. */
  NOTICE_ALREADY_ISSUED = 'NOTICE_ALREADY_ISSUED',
  /** The task has no deadline (ongoing): the ladder, and its notices, need one. */
  NO_DEADLINE = 'NO_DEADLINE',
  // Plan import
  EMPTY_DOCUMENT = 'EMPTY_DOCUMENT',
  NOT_TEXT = 'NOT_TEXT',
  NO_ITEMS = 'NO_ITEMS',
  FILE_MISSING = 'FILE_MISSING',
  UNKNOWN_UNITS = 'UNKNOWN_UNITS',
  INVALID_DEFAULT_DEADLINE = 'INVALID_DEFAULT_DEADLINE',
  INTERNAL = 'INTERNAL',
  /** PostgreSQL is unreachable: nothing was (knowingly) saved; retry once it is back (503). */
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  /** A dependency is down (the health check's 503; `details` holds its result). */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** The process is stopping (SIGTERM): /health answers 503 so a proxy sends its traffic elsewhere. */
  DRAINING = 'DRAINING',
  // Auth
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  /** Unknown, logged-out or otherwise unusable refresh token. */
  REFRESH_TOKEN_INVALID = 'REFRESH_TOKEN_INVALID',
  REFRESH_TOKEN_EXPIRED = 'REFRESH_TOKEN_EXPIRED',
  /** A rotated refresh token was presented again: every session of the person is revoked. */
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  CORRUPT_FILE = 'CORRUPT_FILE',
  /** A PDF without a text layer (a scan): paste the text or upload the Word file (422). */
  NO_TEXT_LAYER = 'NO_TEXT_LAYER',
  WRONG_COLUMNS = 'WRONG_COLUMNS',
  /**
   * An uploaded document over a cap (ZIP entries, unpacked size, compression ratio, PDF pages,
   * spreadsheet rows), refused before it is unpacked, or whose reading ran out of memory (413).
   */
  DOCUMENT_TOO_COMPLEX = 'DOCUMENT_TOO_COMPLEX',
  /** Reading an uploaded document ran over its time limit; the worker was replaced (413). */
  DOCUMENT_PARSE_TIMEOUT = 'DOCUMENT_PARSE_TIMEOUT',
  /** Every document worker is busy and the queue is full: retry shortly (503). */
  DOCUMENT_PARSER_BUSY = 'DOCUMENT_PARSER_BUSY',
  /** A file whose first bytes claim a type its content is not (a PNG header over SVG...) (400). */
  FILE_CONTENT_MISMATCH = 'FILE_CONTENT_MISMATCH',
  ITEMS_WITHOUT_LEAD = 'ITEMS_WITHOUT_LEAD',
  /** Items whose reading needs a person's look were neither confirmed nor corrected (422). */
  REVIEW_NOT_CONFIRMED = 'REVIEW_NOT_CONFIRMED',
  // Task workflow: requests and decisions
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  DEADLINE_PASSED = 'DEADLINE_PASSED',
  DISPUTE_WINDOW_CLOSED = 'DISPUTE_WINDOW_CLOSED',
  REQUEST_PENDING = 'REQUEST_PENDING',
  REQUEST_DECIDED = 'REQUEST_DECIDED',
  // Acknowledgement (签收) and return (退回)
  /** The department returned the work; the office decides (409). */
  ACK_RETURNED = 'ACK_RETURNED',
  /** Acknowledged work cannot be returned; a dispute is the way (409). */
  ACK_ALREADY_ACKNOWLEDGED = 'ACK_ALREADY_ACKNOWLEDGED',
  /** The acknowledgement window is over: a return is refused, a dispute is the way (422). */
  ACK_WINDOW_CLOSED = 'ACK_WINDOW_CLOSED',
  /** The office decides only on a returned assignment (409). */
  ACK_NOT_RETURNED = 'ACK_NOT_RETURNED',
  UNSUPPORTED_FILE_TYPE = 'UNSUPPORTED_FILE_TYPE',
  TOO_MANY_FILES = 'TOO_MANY_FILES',
  // Regions and the cascade of a plan to the levels below
  REGION_CYCLE = 'REGION_CYCLE',
  REGION_LEVEL = 'REGION_LEVEL',
  REGION_NOT_BELOW_PLAN = 'REGION_NOT_BELOW_PLAN',
  UNMAPPED_UNITS = 'UNMAPPED_UNITS',
  CHILD_DEADLINE_AFTER_PARENT = 'CHILD_DEADLINE_AFTER_PARENT',
  PLAN_NOT_PUBLISHED = 'PLAN_NOT_PUBLISHED',
  PLAN_ALREADY_PUBLISHED = 'PLAN_ALREADY_PUBLISHED',
  PLAN_ALREADY_LINKED = 'PLAN_ALREADY_LINKED',
  // Accounts (等保2.0 三级)
  /** Too many failed sign-ins: the account is locked until `details.lockedUntil` (423). */
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  /** The session was ended (logout, disabled account, password change, token reuse). */
  SESSION_ENDED = 'SESSION_ENDED',
  /** The session passed its idle or absolute limit (`details.limit`). */
  SESSION_EXPIRED = 'SESSION_EXPIRED',
  /** The password must be changed (expired, new account, reset): only POST /auth/password is open. */
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  /** The role needs a second factor: only the TOTP enrolment routes are open. */
  TOTP_ENROLMENT_REQUIRED = 'TOTP_ENROLMENT_REQUIRED',
  PASSWORD_TOO_SHORT = 'PASSWORD_TOO_SHORT',
  PASSWORD_TOO_SIMPLE = 'PASSWORD_TOO_SIMPLE',
  PASSWORD_CONTAINS_USERNAME = 'PASSWORD_CONTAINS_USERNAME',
  PASSWORD_REUSED = 'PASSWORD_REUSED',
  CURRENT_PASSWORD_WRONG = 'CURRENT_PASSWORD_WRONG',
  /** Wrong, replayed or expired TOTP code, or an unknown or used recovery code. */
  SECOND_FACTOR_INVALID = 'SECOND_FACTOR_INVALID',
  /** The sign-in challenge of the second step is unknown or expired: sign in again. */
  CHALLENGE_INVALID = 'CHALLENGE_INVALID',
  /** The code typed to confirm an enrolment does not match the new secret (400). */
  TOTP_CODE_INVALID = 'TOTP_CODE_INVALID',
  TOTP_ALREADY_ENABLED = 'TOTP_ALREADY_ENABLED',
  TOTP_NOT_STARTED = 'TOTP_NOT_STARTED',
  /** The change would leave no active security administrator. */
  LAST_SECURITY_ADMIN = 'LAST_SECURITY_ADMIN',
  /** Nobody changes their own role, disables or resets themselves through the account routes. */
  OWN_ACCOUNT = 'OWN_ACCOUNT',
  /** A robot webhook outside the outbound policy (scheme, host, or a non-public address) (400). */
  WEBHOOK_NOT_ALLOWED = 'WEBHOOK_NOT_ALLOWED',
  // Closure review chain and deputies (issue 16)
  /** The closure request's review has moved past the stage the caller decided on (409). */
  REVIEW_STAGE_MOVED = 'REVIEW_STAGE_MOVED',
  /** A deputy period overlapping another of the same person, or naming oneself (409/400). */
  DEPUTY_OVERLAP = 'DEPUTY_OVERLAP',
}

export interface ErrorBody {
  code: ErrorCode | string;
  message: string;
  details?: unknown;
}
