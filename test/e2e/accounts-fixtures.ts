import { ManualClock } from '../../src/infra/clock/clock';
import { DomainException } from '../../src/common/errors/domain.exception';
import { runWithRequestContext } from '../../src/modules/audit/request-context';
import { AuthService } from '../../src/modules/auth/auth.service';
import type {
  LoginResponseDto,
  SecondFactorChallengeDto,
} from '../../src/modules/auth/dto/login.dto';
import { SecurityPolicy } from '../../src/modules/auth/security-policy';
import { SecurityPolicyService } from '../../src/modules/auth/security-policy.service';
import { createPerson } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { client } from './duban-fixtures';

/** The source IP the accounts tests sign in from (recorded in the audit trail). */
export const SOURCE_IP = '203.0.113.7';

export interface AccountsCtx {
  t: TestApp;
  /** The AuthClock: lockouts, sessions, password age and TOTP; real time unless moved. */
  clock: ManualClock;
  api: ReturnType<typeof client>;
  people: Record<'secAdmin' | 'admin' | 'supervisor' | 'liaison', string>;
  /** The fixture people's hash of PASSWORD. */
  fixtureHash: string;
}

export async function accountsApp(): Promise<AccountsCtx> {
  const clock = new ManualClock(new Date());
  const t = await createTestApp({ authClock: clock });
  await resetDatabase(t.prisma);
  const [secAdmin, admin, supervisor, liaison] = await Promise.all([
    createPerson(t.prisma, { username: 'sec.admin', role: 'SECURITY_ADMIN' }),
    createPerson(t.prisma, { username: 'acc.admin', role: 'ADMIN' }),
    createPerson(t.prisma, { username: 'acc.supervisor', role: 'SUPERVISOR' }),
    createPerson(t.prisma, {
      username: 'acc.liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    }),
  ]);
  return {
    t,
    clock,
    api: client(t.url),
    people: {
      secAdmin: secAdmin.id,
      admin: admin.id,
      supervisor: supervisor.id,
      liaison: liaison.id,
    },
    fixtureHash: secAdmin.passwordHash,
  };
}

/** Every account back to PASSWORD, unlocked, no sessions, no second factor. */
export async function resetAccounts(c: AccountsCtx): Promise<void> {
  const ids = Object.values(c.people);
  await c.t.prisma.person.updateMany({
    where: { id: { in: ids } },
    data: {
      passwordHash: c.fixtureHash,
      passwordChangedAt: new Date(),
      mustChangePassword: false,
      failedLogins: 0,
      failedLoginsSince: null,
      lockedUntil: null,
      active: true,
      totpSecret: null,
      totpPendingSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
    },
  });
  await c.t.prisma.recoveryCode.deleteMany();
  await c.t.prisma.passwordHistory.deleteMany();
  await c.t.prisma.authSession.updateMany({
    where: { endedAt: null },
    data: { endedAt: new Date(), endReason: 'logout' },
  });
}

/** Back to the run mode's defaults (relaxed in tests), with `changes` on top. */
export async function setPolicy(t: TestApp, changes: Partial<SecurityPolicy> = {}): Promise<void> {
  const service = t.app.get(SecurityPolicyService);
  await t.prisma.securityPolicy.deleteMany();
  service.forget();
  if (Object.keys(changes).length > 0) {
    await t.prisma.securityPolicy.create({
      data: { id: 1, rules: { ...service.defaults, ...changes } },
    });
    service.forget();
  }
}

export interface Outcome<T> {
  status: number;
  code?: string;
  body?: T;
  details?: unknown;
}

/**
 * A sign-in step through the service, from SOURCE_IP (HTTP sign-ins are throttled to 10 a minute
 * per IP, which these tests would exceed): the refusal's code and HTTP status, or the result.
 */
export async function attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    const body = await runWithRequestContext(
      { requestId: 'accounts-test', sourceIp: SOURCE_IP },
      fn,
    );
    return { status: 200, body };
  } catch (e) {
    if (e instanceof DomainException) return { status: e.status, code: e.code, details: e.details };
    throw e;
  }
}

export const signIn = (t: TestApp, username: string, password: string) =>
  attempt<LoginResponseDto | SecondFactorChallengeDto>(() =>
    t.app.get(AuthService).login({ username, password }),
  );

/** A sign-in that must succeed without a second step. */
export async function tokens(
  t: TestApp,
  username: string,
  password: string,
): Promise<LoginResponseDto> {
  const r = await signIn(t, username, password);
  if (r.status !== 200 || !r.body || r.body.secondFactorRequired) {
    throw new Error(`sign-in ${username}: ${r.status} ${r.code}`);
  }
  return r.body;
}

/** Everything the audit trail holds about a person, as text (to look for secrets that must not be there). */
export async function auditText(t: TestApp, entityId: string): Promise<string> {
  const rows = await t.prisma.auditEvent.findMany({
    where: { entityId },
    select: { action: true, data: true, before: true, after: true, entityId: true },
  });
  return JSON.stringify(rows);
}

export async function auditActions(t: TestApp, entityId: string): Promise<string[]> {
  const rows = await t.prisma.auditEvent.findMany({
    where: { entityType: 'person', entityId },
    orderBy: { id: 'asc' },
    select: { action: true },
  });
  return rows.map((r) => r.action);
}
