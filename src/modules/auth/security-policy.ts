import { Role } from '../../generated/prisma/enums';

/**
 * The security policy (等保2.0 三级): lockout, password rules, session limits and the second
 * factor. One row in `security_policy`, set by the security administrator; every value settable.
 * Durations are in the unit their name says; 0 for `passwordMaxAgeDays` means passwords never expire.
 */
export interface SecurityPolicy {
  lockoutMaxFailures: number;
  lockoutWindowMinutes: number;
  lockoutMinutes: number;
  passwordMinLength: number;
  /** Of the four classes: lower case, upper case, digit, symbol (anything else). */
  passwordMinClasses: number;
  passwordForbidUsername: boolean;
  /** A new password may not be the current one nor one of the previous (history − 1). */
  passwordHistory: number;
  passwordMaxAgeDays: number;
  passwordChangeAtFirstSignIn: boolean;
  passwordChangeAfterReset: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  twoFactorRequiredRoles: Role[];
}

/** The roles that must use a second factor under the strict defaults. */
export const SECOND_FACTOR_ROLES: readonly Role[] = [
  Role.ADMIN,
  Role.SECURITY_ADMIN,
  Role.AUDITOR,
  Role.SUPERVISOR,
];

export const STRICT_POLICY: SecurityPolicy = {
  lockoutMaxFailures: 5,
  lockoutWindowMinutes: 15,
  lockoutMinutes: 30,
  passwordMinLength: 8,
  passwordMinClasses: 3,
  passwordForbidUsername: true,
  passwordHistory: 5,
  passwordMaxAgeDays: 90,
  passwordChangeAtFirstSignIn: true,
  passwordChangeAfterReset: true,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  twoFactorRequiredRoles: [...SECOND_FACTOR_ROLES],
};

/**
 * The demo's and the tests' defaults: strict, except that the second factor is optional and a new
 * account is not forced to change its password, so that printed logins (and fixture people) work.
 */
export const RELAXED_POLICY: SecurityPolicy = {
  ...STRICT_POLICY,
  passwordChangeAtFirstSignIn: false,
  twoFactorRequiredRoles: [],
};

export type PolicyDefaults = 'strict' | 'relaxed';

export const defaultPolicy = (kind: PolicyDefaults): SecurityPolicy =>
  kind === 'strict' ? STRICT_POLICY : RELAXED_POLICY;

/** A stored policy read back: known keys of the right type win, the rest take the defaults. */
export function policyFrom(stored: unknown, defaults: SecurityPolicy): SecurityPolicy {
  const out: SecurityPolicy = {
    ...defaults,
    twoFactorRequiredRoles: [...defaults.twoFactorRequiredRoles],
  };
  if (!stored || typeof stored !== 'object') return out;
  const s = stored as Record<string, unknown>;
  for (const key of Object.keys(defaults) as (keyof SecurityPolicy)[]) {
    const v = s[key];
    if (key === 'twoFactorRequiredRoles') {
      if (Array.isArray(v)) {
        out.twoFactorRequiredRoles = v.filter((r): r is Role =>
          (Object.values(Role) as unknown[]).includes(r),
        );
      }
    } else if (typeof v === typeof defaults[key]) {
      (out as unknown as Record<string, unknown>)[key] = v;
    }
  }
  return out;
}

const MINUTE = 60_000;

/** Where a session stands at `now`: alive, or past one of its limits. */
export function sessionLimit(
  policy: SecurityPolicy,
  session: { createdAt: Date; lastSeenAt: Date },
  now: Date,
): 'alive' | 'idle' | 'absolute' {
  if (now.getTime() >= session.createdAt.getTime() + policy.sessionAbsoluteHours * 60 * MINUTE) {
    return 'absolute';
  }
  if (now.getTime() >= session.lastSeenAt.getTime() + policy.sessionIdleMinutes * MINUTE) {
    return 'idle';
  }
  return 'alive';
}

/** True when the password is older than the policy allows. */
export function passwordExpired(policy: SecurityPolicy, changedAt: Date, now: Date): boolean {
  if (policy.passwordMaxAgeDays <= 0) return false;
  return now.getTime() >= changedAt.getTime() + policy.passwordMaxAgeDays * 24 * 60 * MINUTE;
}

export const requiresSecondFactor = (policy: SecurityPolicy, role: Role): boolean =>
  policy.twoFactorRequiredRoles.includes(role);
