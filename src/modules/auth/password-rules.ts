import type { SecurityPolicy } from './security-policy';

/** The rule a password breaks, named by the error it becomes (see auth.errors.ts `passwordRule`). */
export type PasswordRuleBroken =
  | { rule: 'length'; min: number }
  | { rule: 'classes'; min: number }
  | { rule: 'username' }
  | { rule: 'blank' };

/** How many of the four classes (lower, upper, digit, symbol) the password uses. */
export function characterClasses(password: string): number {
  const lower = /\p{Ll}/u.test(password);
  const upper = /\p{Lu}/u.test(password);
  const digit = /\p{Nd}/u.test(password);
  const symbol = /[^\p{Ll}\p{Lu}\p{Nd}]/u.test(password);
  return [lower, upper, digit, symbol].filter(Boolean).length;
}

/**
 * The first rule of the policy that `password` breaks (length counted in code points), or null.
 * The history rule needs the stored hashes and is checked by the caller.
 */
export function brokenPasswordRule(
  policy: SecurityPolicy,
  password: string,
  username: string,
): PasswordRuleBroken | null {
  if (password.trim() === '') return { rule: 'blank' };
  if ([...password].length < policy.passwordMinLength) {
    return { rule: 'length', min: policy.passwordMinLength };
  }
  if (characterClasses(password) < policy.passwordMinClasses) {
    return { rule: 'classes', min: policy.passwordMinClasses };
  }
  if (
    policy.passwordForbidUsername &&
    username.length > 0 &&
    password.toLowerCase().includes(username.toLowerCase())
  ) {
    return { rule: 'username' };
  }
  return null;
}
