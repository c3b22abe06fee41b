import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthClock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from './auth-user';
import {
  currentPasswordWrong,
  passwordReused,
  passwordRuleError,
  unauthenticated,
} from './auth.errors';
import { ChangePasswordDto, PasswordChangedDto } from './dto/account-self.dto';
import { LockoutService } from './lockout.service';
import { hashPassword, verifyPassword } from './password';
import { brokenPasswordRule } from './password-rules';
import { requiresSecondFactor, SecurityPolicy } from './security-policy';
import { SecurityPolicyService } from './security-policy.service';
import { SessionsService } from './sessions.service';
import { personEvent } from './sign-in-events';

/** Readable characters for temporary passwords (no 0/O, 1/l/I). */
const TEMP_SETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_.!#%'];

/**
 * Passwords under the security policy: a person changes their own (old + new; the other sessions
 * end), the security administrator resets one to a temporary password that must be changed.
 */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: AuthClock,
    private readonly policy: SecurityPolicyService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly lockout: LockoutService,
  ) {}

  async changeOwn(user: AuthUser, dto: ChangePasswordDto): Promise<PasswordChangedDto> {
    const person = await this.prisma.person.findUnique({
      where: { id: user.id },
      select: { id: true, username: true, role: true, passwordHash: true, totpEnabledAt: true },
    });
    if (!person || !user.sessionId) throw unauthenticated();
    if (!(await verifyPassword(dto.currentPassword, person.passwordHash))) {
      // Counted like a failed sign-in: a stolen token does not give unlimited password guesses.
      return this.lockout.fail(person.id, 'bad_password', currentPasswordWrong);
    }
    const policy = await this.policy.get();
    await this.checkNew(policy, person, dto.newPassword);
    const hash = await hashPassword(dto.newPassword);
    const needsTotp = requiresSecondFactor(policy, person.role) && !person.totpEnabledAt;
    const ended = await this.prisma.$transaction(async (tx) => {
      await this.replaceHash(tx, person, hash, false, policy);
      const n = await this.sessions.endAllOf(person.id, 'password_changed', tx, user.sessionId);
      await this.sessions.setScope(user.sessionId!, needsTotp ? 'totp_enrol' : 'full', tx);
      await this.audit.record(
        tx,
        personEvent('auth.password.changed', person.id, { otherSessionsEnded: n }),
      );
      return n;
    });
    return { otherSessionsEnded: ended, totpEnrolmentRequired: needsTotp };
  }

  /** Sets a temporary password (returned once), to be changed at the next sign-in if the policy says so. */
  async reset(actorId: string, personId: string): Promise<{ temporaryPassword: string }> {
    const person = await this.prisma.person.findUniqueOrThrow({
      where: { id: personId },
      select: { id: true, username: true, passwordHash: true },
    });
    const policy = await this.policy.get();
    let temporary = temporaryPassword(Math.max(12, policy.passwordMinLength));
    while (brokenPasswordRule(policy, temporary, person.username)) {
      temporary = temporaryPassword(Math.max(12, policy.passwordMinLength));
    }
    const hash = await hashPassword(temporary);
    await this.prisma.$transaction(async (tx) => {
      await this.replaceHash(tx, person, hash, policy.passwordChangeAfterReset, policy);
      await this.sessions.endAllOf(person.id, 'password_reset', tx);
      await this.audit.record(
        tx,
        personEvent(
          'auth.password.reset',
          person.id,
          { mustChange: policy.passwordChangeAfterReset },
          actorId,
        ),
      );
    });
    return { temporaryPassword: temporary };
  }

  /** The policy's rules, then the history: not the current password nor one of the previous ones. */
  private async checkNew(
    policy: SecurityPolicy,
    person: { id: string; username: string; passwordHash: string },
    plain: string,
  ): Promise<void> {
    const broken = brokenPasswordRule(policy, plain, person.username);
    if (broken) throw passwordRuleError(broken);
    if (policy.passwordHistory <= 0) return;
    const earlier = await this.prisma.passwordHistory.findMany({
      where: { personId: person.id },
      orderBy: { createdAt: 'desc' },
      take: Math.max(0, policy.passwordHistory - 1),
      select: { passwordHash: true },
    });
    for (const stored of [person.passwordHash, ...earlier.map((h) => h.passwordHash)]) {
      if (await verifyPassword(plain, stored)) throw passwordReused(policy.passwordHistory);
    }
  }

  /** Keeps the old hash in the history (trimmed to what the policy compares) and stores the new one. */
  private async replaceHash(
    tx: Tx,
    person: { id: string; passwordHash: string },
    hash: string,
    mustChange: boolean,
    policy: SecurityPolicy,
  ): Promise<void> {
    const now = this.clock.now();
    // created_at is the database's transaction time, not the AuthClock: it only orders the history.
    await tx.passwordHistory.create({
      data: { personId: person.id, passwordHash: person.passwordHash },
    });
    const keep = await tx.passwordHistory.findMany({
      where: { personId: person.id },
      orderBy: { createdAt: 'desc' },
      take: Math.max(1, policy.passwordHistory),
      select: { id: true },
    });
    await tx.passwordHistory.deleteMany({
      where: { personId: person.id, id: { notIn: keep.map((k) => k.id) } },
    });
    await tx.person.update({
      where: { id: person.id },
      data: { passwordHash: hash, passwordChangedAt: now, mustChangePassword: mustChange },
    });
  }
}

function temporaryPassword(length: number): string {
  const all = TEMP_SETS.join('');
  const chars = TEMP_SETS.map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
