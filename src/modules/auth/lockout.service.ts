import { Injectable } from '@nestjs/common';
import { AuthClock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { FailureRow, recordLoginFailure } from './accounts.sql';
import { accountLocked } from './auth.errors';
import { SecurityPolicyService } from './security-policy.service';
import { FailureReason, personEvent } from './sign-in-events';

/**
 * Lockout per account (on top of the per-IP login throttle): failures are counted in PostgreSQL,
 * so every API process sees the same count; reaching the policy's number within its window locks
 * the account for the policy's time. Unlocked by time or by the security administrator.
 */
@Injectable()
export class LockoutService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: AuthClock,
    private readonly policy: SecurityPolicyService,
    private readonly audit: AuditService,
  ) {}

  /** Refuses (423, saying until when) a locked account, recording the attempt; never checks the password. */
  async refuseIfLocked(person: { id: string; lockedUntil: Date | null }): Promise<void> {
    if (!person.lockedUntil || person.lockedUntil <= this.clock.now()) return;
    await this.audit.record(
      this.prisma,
      personEvent('auth.login.failed', person.id, { reason: 'locked' }, null),
    );
    throw accountLocked(person.lockedUntil);
  }

  /**
   * Counts a failure (wrong password or second factor) and records it; when it locks the account,
   * records `auth.locked` too and refuses with the lock instead of `fallback`.
   */
  async fail(personId: string, reason: FailureReason, fallback: () => Error): Promise<never> {
    const policy = await this.policy.get();
    const locked = await this.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<FailureRow[]>(
        recordLoginFailure(
          personId,
          this.clock.now(),
          policy.lockoutWindowMinutes * 60_000,
          policy.lockoutMaxFailures,
          policy.lockoutMinutes * 60_000,
        ),
      );
      await this.audit.record(tx, personEvent('auth.login.failed', personId, { reason }, null));
      if (row?.locked_now && row.locked_until) {
        await this.audit.record(
          tx,
          personEvent(
            'auth.locked',
            personId,
            { until: row.locked_until.toISOString(), failures: policy.lockoutMaxFailures },
            null,
          ),
        );
        return row.locked_until;
      }
      return null;
    });
    throw locked ? accountLocked(locked) : fallback();
  }

  /** After a successful sign-in: the count starts again. */
  async clear(person: {
    id: string;
    failedLogins: number;
    lockedUntil: Date | null;
  }): Promise<void> {
    if (person.failedLogins === 0 && !person.lockedUntil) return;
    await this.prisma.person.update({
      where: { id: person.id },
      data: { failedLogins: 0, failedLoginsSince: null, lockedUntil: null },
    });
  }

  /** The security administrator's unlock. */
  async unlock(actorId: string, personId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.person.findUniqueOrThrow({
        where: { id: personId },
        select: { lockedUntil: true },
      });
      await tx.person.update({
        where: { id: personId },
        data: { failedLogins: 0, failedLoginsSince: null, lockedUntil: null },
      });
      await this.audit.record(
        tx,
        personEvent(
          'auth.unlocked',
          personId,
          { wasLockedUntil: before.lockedUntil?.toISOString() ?? null },
          actorId,
        ),
      );
    });
  }
}
