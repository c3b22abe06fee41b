import { Injectable } from '@nestjs/common';
import { Role } from '../../generated/prisma/enums';
import { AuthClock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { LockoutService } from '../auth/lockout.service';
import { PasswordsService } from '../auth/passwords.service';
import { PersonCache } from '../auth/person-cache';
import { SecondFactorService } from '../auth/second-factor.service';
import { SessionsService } from '../auth/sessions.service';
import { AccountDto, TemporaryPasswordDto } from './dto/security.dto';
import { lockActiveSecurityAdmins } from './accounts.sql';
import {
  accountNotFound,
  cannotAppointSecurityAdmin,
  lastSecurityAdmin,
  ownAccount,
  roleNeedsDepartment,
} from './security.errors';

const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set([Role.LIAISON, Role.HEAD]);

/**
 * The security administrator's work on accounts (DESIGN.md "People"): lockouts, passwords,
 * second factors, disabling and roles. Sees names, roles and departments, no business data.
 * Nobody acts on their own account here, and one active security administrator always remains.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: AuthClock,
    private readonly audit: AuditService,
    private readonly lockout: LockoutService,
    private readonly passwords: PasswordsService,
    private readonly secondFactor: SecondFactorService,
    private readonly sessions: SessionsService,
    private readonly people: PersonCache,
  ) {}

  async list(onlyId?: string): Promise<AccountDto[]> {
    const now = this.clock.now();
    const rows = await this.prisma.person.findMany({
      where: onlyId ? { id: onlyId } : undefined,
      orderBy: [{ role: 'asc' }, { username: 'asc' }],
      select: {
        id: true,
        username: true,
        displayName: true,
        role: true,
        active: true,
        lockedUntil: true,
        failedLogins: true,
        totpEnabledAt: true,
        passwordChangedAt: true,
        mustChangePassword: true,
        department: { select: { id: true, name: true } },
      },
    });
    return rows.map((p) => ({
      id: p.id,
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      department: p.department,
      active: p.active,
      lockedUntil: p.lockedUntil && p.lockedUntil > now ? p.lockedUntil.toISOString() : null,
      failedLogins: p.failedLogins,
      totpEnabled: p.totpEnabledAt !== null,
      passwordChangedAt: p.passwordChangedAt.toISOString(),
      mustChangePassword: p.mustChangePassword,
    }));
  }

  async unlock(actorId: string, personId: string): Promise<AccountDto> {
    await this.target(actorId, personId, { self: 'allowed' });
    await this.lockout.unlock(actorId, personId);
    return this.one(personId);
  }

  async resetPassword(actorId: string, personId: string): Promise<TemporaryPasswordDto> {
    await this.target(actorId, personId);
    return this.passwords.reset(actorId, personId);
  }

  async resetTotp(actorId: string, personId: string): Promise<AccountDto> {
    await this.target(actorId, personId);
    await this.secondFactor.reset(actorId, personId);
    return this.one(personId);
  }

  /** Disables an account: its sessions end and its tokens are refused on the next request. */
  async setActive(actorId: string, personId: string, active: boolean): Promise<AccountDto> {
    await this.target(actorId, personId);
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.person.findUniqueOrThrow({
        where: { id: personId },
        select: { active: true, role: true },
      });
      if (before.active === active) return;
      if (!active && before.role === Role.SECURITY_ADMIN)
        await this.keepOneSecurityAdmin(tx, personId);
      await tx.person.update({ where: { id: personId }, data: { active } });
      if (!active) await this.sessions.endAllOf(personId, 'disabled', tx);
      await this.audit.record(tx, {
        actorId,
        action: active ? 'person.enabled' : 'person.disabled',
        entityType: 'person',
        entityId: personId,
        before: { active: before.active },
        after: { active },
      });
    });
    // Every process hears the trigger's notification; this one forgets at once.
    this.people.changed(personId);
    return this.one(personId);
  }

  /** Gives another person a role; their sessions end so that the new role's rules apply at sign-in. */
  async setRole(actorId: string, personId: string, role: Role): Promise<AccountDto> {
    await this.target(actorId, personId);
    if (role === Role.SECURITY_ADMIN) throw cannotAppointSecurityAdmin();
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.person.findUniqueOrThrow({
        where: { id: personId },
        select: { role: true, departmentId: true, active: true },
      });
      if (before.role === role) return;
      if (DEPARTMENT_ROLES.has(role) && !before.departmentId) throw roleNeedsDepartment();
      if (before.role === Role.SECURITY_ADMIN && before.active) {
        await this.keepOneSecurityAdmin(tx, personId);
      }
      await tx.person.update({ where: { id: personId }, data: { role } });
      await this.sessions.endAllOf(personId, 'role_changed', tx);
      await this.audit.record(tx, {
        actorId,
        action: 'person.role.changed',
        entityType: 'person',
        entityId: personId,
        before: { role: before.role },
        after: { role },
      });
    });
    this.people.changed(personId);
    return this.one(personId);
  }

  private async keepOneSecurityAdmin(tx: Tx, leaving: string): Promise<void> {
    const admins = await tx.$queryRaw<{ id: string }[]>(lockActiveSecurityAdmins());
    if (!admins.some((a) => a.id !== leaving)) throw lastSecurityAdmin();
  }

  private async target(
    actorId: string,
    personId: string,
    opts: { self?: 'allowed' } = {},
  ): Promise<void> {
    if (personId === actorId && opts.self !== 'allowed') throw ownAccount();
    const exists = await this.prisma.person.findUnique({
      where: { id: personId },
      select: { id: true },
    });
    if (!exists) throw accountNotFound();
  }

  private async one(personId: string): Promise<AccountDto> {
    const [account] = await this.list(personId);
    if (!account) throw accountNotFound();
    return account;
  }
}
