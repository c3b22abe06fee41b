import {
  passwordExpired,
  policyFrom,
  RELAXED_POLICY,
  requiresSecondFactor,
  sessionLimit,
  STRICT_POLICY,
} from './security-policy';

describe('security policy', () => {
  const at = (iso: string) => new Date(iso);

  it('has the 等保 defaults, and the demo/test defaults differ only in 2FA and the first change', () => {
    expect(STRICT_POLICY).toMatchObject({
      lockoutMaxFailures: 5,
      lockoutWindowMinutes: 15,
      lockoutMinutes: 30,
      passwordMinLength: 8,
      passwordMinClasses: 3,
      passwordHistory: 5,
      passwordMaxAgeDays: 90,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      twoFactorRequiredRoles: ['ADMIN', 'SECURITY_ADMIN', 'AUDITOR', 'SUPERVISOR'],
    });
    expect({
      ...RELAXED_POLICY,
      passwordChangeAtFirstSignIn: true,
      twoFactorRequiredRoles: [],
    }).toEqual({
      ...STRICT_POLICY,
      twoFactorRequiredRoles: [],
    });
  });

  it('ends a session at its idle limit, and at its absolute limit however recent the last request', () => {
    const session = {
      createdAt: at('2026-12-07T00:00:00Z'),
      lastSeenAt: at('2026-12-07T11:50:00Z'),
    };
    expect(sessionLimit(STRICT_POLICY, session, at('2026-12-07T11:59:59Z'))).toBe('alive');
    expect(sessionLimit(STRICT_POLICY, session, at('2026-12-07T12:00:00Z'))).toBe('absolute');
    const idle = { createdAt: at('2026-12-07T00:00:00Z'), lastSeenAt: at('2026-12-07T01:00:00Z') };
    expect(sessionLimit(STRICT_POLICY, idle, at('2026-12-07T01:29:59Z'))).toBe('alive');
    expect(sessionLimit(STRICT_POLICY, idle, at('2026-12-07T01:30:00Z'))).toBe('idle');
  });

  it('expires a password after the set days; 0 means never', () => {
    const changed = at('2026-01-01T00:00:00Z');
    expect(passwordExpired(STRICT_POLICY, changed, at('2026-03-31T23:59:59Z'))).toBe(false);
    expect(passwordExpired(STRICT_POLICY, changed, at('2026-04-01T00:00:00Z'))).toBe(true);
    expect(
      passwordExpired({ ...STRICT_POLICY, passwordMaxAgeDays: 0 }, changed, at('2036-01-01')),
    ).toBe(false);
  });

  it('reads a stored policy: known keys of the right type win, the rest take the defaults', () => {
    const read = policyFrom(
      {
        lockoutMaxFailures: 3,
        passwordMinLength: 'twelve',
        twoFactorRequiredRoles: ['AUDITOR', 'ROOT'],
      },
      STRICT_POLICY,
    );
    expect(read.lockoutMaxFailures).toBe(3);
    expect(read.passwordMinLength).toBe(8);
    expect(read.twoFactorRequiredRoles).toEqual(['AUDITOR']);
    expect(requiresSecondFactor(read, 'AUDITOR')).toBe(true);
    expect(requiresSecondFactor(read, 'ADMIN')).toBe(false);
    expect(policyFrom(null, RELAXED_POLICY)).toEqual(RELAXED_POLICY);
  });
});
