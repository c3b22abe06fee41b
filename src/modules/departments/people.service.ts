import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { Role } from '../../generated/prisma/enums';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/password';
import { mayCreateAccount } from './role-separation';
import { brokenPasswordRule } from '../auth/password-rules';
import { passwordRuleError } from '../auth/auth.errors';
import { SecurityPolicyService } from '../auth/security-policy.service';
import {
  departmentRequired,
  emptyDisplayName,
  invalidLeaderDepartments,
  invalidUsername,
  notALeader,
  passwordAgainstPolicy,
  personNotFound,
  privilegedRoleRefused,
  unknownPersonDepartment,
  unknownPersonRegion,
  unknownRole,
  usernameTaken,
} from './departments.errors';

export interface CreatePersonInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  departmentId?: string | null;
  /** Supervision staff of a region's office; omitted = the top office. */
  regionId?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface CreatedPerson {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  email: string | null;
}

/** Roles that act for one department and therefore must belong to one. */
const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set([Role.LIAISON, Role.HEAD]);

/** Who creates an account through the API; null for the CLI and seeding (the operator at installation). */
export interface AccountCreator {
  id: string;
  role: Role;
}

/** People and their roles. Used by the CLI (`users create`) and demo seeding; passwords are hashed here. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly securityPolicy: SecurityPolicyService,
  ) {}

  /**
   * Creates an account. Through the API (`by` given) the creator's role bounds the new one
   * (三员分立, role-separation.ts): an administrator creates business accounts only.
   */
  async createPerson(
    input: CreatePersonInput,
    by: AccountCreator | null = null,
  ): Promise<CreatedPerson> {
    if (by && !mayCreateAccount(by.role, input.role)) throw privilegedRoleRefused(input.role);
    const actorId = by?.id ?? null;
    const username = input.username.trim();
    if (!/^[A-Za-z0-9._@-]{2,64}$/.test(username)) {
      throw invalidUsername();
    }
    if (!input.displayName.trim()) throw emptyDisplayName();
    const policy = await this.securityPolicy.get();
    const broken = brokenPasswordRule(policy, input.password, username);
    if (broken) throw passwordAgainstPolicy(passwordRuleError(broken).message);
    if (!Object.values(Role).includes(input.role)) throw unknownRole();
    const departmentId = input.departmentId ?? null;
    if (DEPARTMENT_ROLES.has(input.role) && !departmentId) {
      throw departmentRequired();
    }
    if (departmentId) {
      const department = await this.prisma.department.findUnique({
        where: { id: departmentId },
        select: { id: true },
      });
      if (!department) throw unknownPersonDepartment();
    }
    if (
      input.regionId &&
      !(await this.prisma.region.findUnique({ where: { id: input.regionId } }))
    ) {
      throw unknownPersonRegion();
    }

    const passwordHash = await hashPassword(input.password);
    try {
      return await this.prisma.$transaction(async (tx) => {
        const person = await tx.person.create({
          data: {
            username,
            displayName: input.displayName.trim(),
            role: input.role,
            departmentId,
            regionId: input.regionId ?? null,
            email: input.email ?? null,
            phone: input.phone ?? null,
            passwordHash,
            // A new account signs in with a password someone else chose (policy: change it first).
            mustChangePassword: policy.passwordChangeAtFirstSignIn,
          },
          select: {
            id: true,
            username: true,
            displayName: true,
            role: true,
            departmentId: true,
            email: true,
          },
        });
        await this.audit.record(tx, {
          actorId,
          action: 'person.created',
          entityType: 'person',
          entityId: person.id,
          data: { username, role: person.role, departmentId },
        });
        return person;
      });
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
        throw usernameTaken(username);
      }
      throw e;
    }
  }

  /** Everyone (or one person), by role then name, with department and (leaders) departments led. */
  async list(onlyId?: string): Promise<
    {
      id: string;
      username: string;
      displayName: string;
      role: Role;
      department: { id: string; name: string } | null;
      regionId: string | null;
      email: string | null;
      active: boolean;
      leaderDepartments: { id: string; name: string }[];
    }[]
  > {
    const people = await this.prisma.person.findMany({
      where: onlyId ? { id: onlyId } : undefined,
      orderBy: [{ role: 'asc' }, { username: 'asc' }],
      select: {
        id: true,
        username: true,
        displayName: true,
        role: true,
        email: true,
        active: true,
        regionId: true,
        department: { select: { id: true, name: true } },
        leads: {
          select: { department: { select: { id: true, name: true } } },
          orderBy: { department: { name: 'asc' } },
        },
      },
    });
    return people.map(({ leads, ...p }) => ({
      ...p,
      leaderDepartments: leads.map((l) => l.department),
    }));
  }

  /**
   * Puts a person on a region's supervision office (null = the top office): they then see that
   * region and the regions below it, and receive that level's escalations.
   */
  async setRegion(
    actorId: string,
    personId: string,
    regionId: string | null,
  ): Promise<{ personId: string; regionId: string | null }> {
    return this.prisma.$transaction(async (tx) => {
      const person = await tx.person.findUnique({
        where: { id: personId },
        select: { id: true, regionId: true },
      });
      if (!person) throw personNotFound();
      if (regionId && !(await tx.region.findUnique({ where: { id: regionId } }))) {
        throw unknownPersonRegion();
      }
      await tx.person.update({ where: { id: personId }, data: { regionId } });
      await this.audit.record(tx, {
        actorId,
        action: 'person.region_set',
        entityType: 'person',
        entityId: personId,
        before: { regionId: person.regionId },
        after: { regionId },
      });
      return { personId, regionId };
    });
  }

  /**
   * Replaces the departments under a leader (LeaderDepartment): 404 for an unknown person, 400 when
   * the person is not a LEADER or a department does not exist, or is a collective unit.
   */
  async setLeaderDepartments(
    leaderId: string,
    departmentIds: string[],
  ): Promise<{ personId: string; departments: { id: string; name: string }[] }> {
    const ids = [...new Set(departmentIds)];
    return this.prisma.$transaction(async (tx) => {
      const person = await tx.person.findUnique({
        where: { id: leaderId },
        select: { id: true, role: true },
      });
      if (!person) throw personNotFound();
      if (person.role !== Role.LEADER) {
        throw notALeader();
      }
      const departments = await tx.department.findMany({
        where: { id: { in: ids }, isCollective: false },
        select: { id: true, name: true },
        orderBy: { name: 'asc' },
      });
      const unknown = ids.filter((id) => !departments.some((d) => d.id === id));
      if (unknown.length > 0) {
        throw invalidLeaderDepartments(unknown);
      }
      const before = await tx.leaderDepartment.findMany({
        where: { leaderId },
        select: { departmentId: true },
      });
      await tx.leaderDepartment.deleteMany({ where: { leaderId } });
      await tx.leaderDepartment.createMany({
        data: ids.map((departmentId) => ({ leaderId, departmentId })),
      });
      await this.audit.record(tx, {
        action: 'person.leader_departments_set',
        entityType: 'person',
        entityId: leaderId,
        before: { departmentIds: before.map((b) => b.departmentId).sort() },
        after: { departmentIds: [...ids].sort() },
        data: { departments: departments.map((d) => d.name) },
      });
      return { personId: leaderId, departments };
    });
  }
}
