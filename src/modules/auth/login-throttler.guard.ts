import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

export const LOGIN_THROTTLER = 'login';
/** Password guessing budget per client IP (IPv6 grouped by /64, the library default). */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/**
 * Applied to login and refresh only (not globally), each route with its own budget: counts every
 * attempt per client IP and answers
 * 429 TOO_MANY_REQUESTS beyond the budget. Counters live in process memory, so with several API
 * processes the budget is per process; behind a reverse proxy, Express `trust proxy` must be set
 * for `req.ip` to be the client's address.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {}
