import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238) through `otpauth`: SHA-1, 6 digits, 30-second steps, the parameters every
 * authenticator app reads from an otpauth:// URL. A code is accepted within ±1 step; which step
 * matched is returned so that the caller can refuse a replay (a step is used once).
 */
const ISSUER = '督办系统';
const PERIOD = 30;
const DIGITS = 6;
const WINDOW = 1;
const SECRET_BYTES = 20;

export const RECOVERY_CODE_COUNT = 10;

function totp(secretBase32: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

export function otpauthUrl(secretBase32: string, username: string): string {
  return totp(secretBase32, username).toString();
}

/** The time step (counter) of a code that matches at `now`, or null. */
export function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({
    token: code,
    timestamp: now.getTime(),
    window: WINDOW,
  });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD, timestamp: now.getTime() }) + delta;
}

/** The code an authenticator shows at `at` (tests, and nothing else). */
export function totpCode(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

/** A recovery code as shown: XXXXX-XXXXX (50 bits). */
export function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Stored form of a recovery code: SHA-256 of the code without separators, upper case. */
export function recoveryCodeHash(code: string): string {
  const normalized = code.replace(/[\s-]/g, '').toUpperCase();
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}

export const looksLikeTotpCode = (code: string) => /^\d{6}$/.test(code.trim());
