import { Injectable } from '@nestjs/common';
import { toDataURL } from 'qrcode';
import { AuthClock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { useTotpStep } from './accounts.sql';
import type { AuthUser } from './auth-user';
import {
  totpAlreadyEnabled,
  totpCodeInvalid,
  totpNotStarted,
  unauthenticated,
} from './auth.errors';
import { TotpEnabledDto, TotpSetupDto } from './dto/account-self.dto';
import { SessionsService } from './sessions.service';
import { personEvent } from './sign-in-events';
import {
  looksLikeTotpCode,
  matchingStep,
  newRecoveryCode,
  newTotpSecret,
  otpauthUrl,
  RECOVERY_CODE_COUNT,
  recoveryCodeHash,
} from './totp';

/**
 * The second factor: TOTP enrolment (setup → confirm with a first code → recovery codes shown
 * once), verification at sign-in (a code once, within ±1 step of the AuthClock; or an unused
 * recovery code), and the security administrator's reset.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: AuthClock,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async setup(user: AuthUser): Promise<TotpSetupDto> {
    const person = await this.prisma.person.findUnique({
      where: { id: user.id },
      select: { username: true, totpEnabledAt: true },
    });
    if (!person) throw unauthenticated();
    if (person.totpEnabledAt) throw totpAlreadyEnabled();
    const secret = newTotpSecret();
    await this.prisma.person.update({
      where: { id: user.id },
      data: { totpPendingSecret: secret },
    });
    const url = otpauthUrl(secret, person.username);
    return { secret, otpauthUrl: url, qrDataUrl: await toDataURL(url, { margin: 1, width: 220 }) };
  }

  async confirm(user: AuthUser, code: string): Promise<TotpEnabledDto> {
    const person = await this.prisma.person.findUnique({
      where: { id: user.id },
      select: { totpEnabledAt: true, totpPendingSecret: true },
    });
    if (!person) throw unauthenticated();
    if (person.totpEnabledAt) throw totpAlreadyEnabled();
    if (!person.totpPendingSecret) throw totpNotStarted();
    const step = matchingStep(person.totpPendingSecret, code.trim(), this.clock.now());
    if (step === null) throw totpCodeInvalid();
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.prisma.$transaction(async (tx) => {
      await tx.person.update({
        where: { id: user.id },
        data: {
          totpSecret: person.totpPendingSecret,
          totpPendingSecret: null,
          totpEnabledAt: this.clock.now(),
          totpLastStep: BigInt(step),
        },
      });
      await tx.recoveryCode.deleteMany({ where: { personId: user.id } });
      await tx.recoveryCode.createMany({
        data: codes.map((c) => ({ personId: user.id, codeHash: recoveryCodeHash(c) })),
      });
      if (user.sessionId && user.sessionScope === 'totp_enrol') {
        await this.sessions.setScope(user.sessionId, 'full', tx);
      }
      await this.audit.record(tx, personEvent('auth.totp.enabled', user.id));
    });
    return { recoveryCodes: codes };
  }

  /**
   * True when `code` is a current TOTP code not used before, or an unused recovery code (then
   * spent and recorded as `auth.recovery_code.used`).
   */
  async verify(personId: string, code: string): Promise<boolean> {
    const typed = code.trim();
    if (looksLikeTotpCode(typed)) {
      const person = await this.prisma.person.findUnique({
        where: { id: personId },
        select: { totpSecret: true },
      });
      if (!person?.totpSecret) return false;
      const step = matchingStep(person.totpSecret, typed, this.clock.now());
      if (step === null) return false;
      const used = await this.prisma.$queryRaw<{ id: string }[]>(useTotpStep(personId, step));
      return used.length === 1;
    }
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.recoveryCode.updateMany({
        where: { personId, codeHash: recoveryCodeHash(typed), usedAt: null },
        data: { usedAt: this.clock.now() },
      });
      if (count !== 1) return false;
      const left = await tx.recoveryCode.count({ where: { personId, usedAt: null } });
      await this.audit.record(tx, personEvent('auth.recovery_code.used', personId, { left }));
      return true;
    });
  }

  /** The security administrator's reset: the person enrols again (their sessions end). */
  async reset(actorId: string, personId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.person.update({
        where: { id: personId },
        data: {
          totpSecret: null,
          totpPendingSecret: null,
          totpEnabledAt: null,
          totpLastStep: null,
        },
      });
      await tx.recoveryCode.deleteMany({ where: { personId } });
      await this.sessions.endAllOf(personId, 'totp_reset', tx);
      await this.audit.record(tx, personEvent('auth.totp.reset', personId, {}, actorId));
    });
  }
}
