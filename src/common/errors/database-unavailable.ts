import { Prisma } from '../../generated/prisma/client';

/**
 * Prisma error codes that mean "PostgreSQL could not be reached or dropped the connection", not
 * "the query was wrong": can't reach the server, timed out, server closed the connection, pool
 * timeout, and a transaction whose connection went away under it.
 */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
/** What node-postgres and the driver adapter say when the socket is refused or dropped. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|ECONNREFUSED|ECONNRESET|EPIPE|Client has encountered a connection error|Connection closed|DatabaseNotReachable|ConnectionClosed|server closed the connection/i;

/**
 * True when `err` (or what it wraps) says PostgreSQL is unreachable: the request may be retried
 * once the database is back, so it is answered 503, not 500.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  if (err instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_CODES.has(err.code)) {
    return true;
  }
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  const { message, code, cause, meta, kind } = err as {
    message?: unknown;
    code?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
    kind?: unknown;
  };
  if (typeof kind === 'string' && /NotReachable|ConnectionClosed|SocketTimeout/.test(kind)) {
    return true;
  }
  if (
    typeof code === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|EPIPE|57P01|57P02|57P03)$/.test(code)
  ) {
    return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  return (
    isDatabaseUnavailable(cause, depth + 1) ||
    isDatabaseUnavailable(meta?.driverAdapterError, depth + 1)
  );
}
