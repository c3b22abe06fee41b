import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { regionalName, unitKey } from './unit-directory';
import { DepartmentDto } from './dto/department.dto';
import {
  aliasNotFound,
  departmentNameTaken,
  departmentNotFound,
  invalidGroupMembers,
  nameIsAlias,
  notCollectiveUnit,
} from './departments.errors';
import { insertMissingAliases, insertMissingDepartments } from './departments.sql';
import type { Scope } from '../auth/scope';
import { departmentWhere } from '../auth/scope-where';
import type { Prisma } from '../../generated/prisma/client';

/** The unit directory: departments, their aliases, and the members of collective units. */
@Injectable()
export class DepartmentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /** The directory of the caller's region subtree (the top level's departments only at the top). */
  list(scope: Scope): Promise<DepartmentDto[]> {
    return this.directory(departmentWhere(scope));
  }

  private async directory(where: Prisma.DepartmentWhereInput): Promise<DepartmentDto[]> {
    const rows = await this.prisma.department.findMany({
      where,
      orderBy: { name: 'asc' },
      select: {
        id: true,
        name: true,
        isCollective: true,
        aliases: { select: { alias: true }, orderBy: { alias: 'asc' } },
        members: { select: { member: { select: { name: true } } } },
      },
    });
    return rows.map((d) => ({
      id: d.id,
      name: d.name,
      isCollective: d.isCollective,
      aliases: d.aliases.map((a) => a.alias),
      members: d.members.map((m) => m.member.name).sort(),
    }));
  }

  async create(
    actorId: string,
    input: { name: string; isCollective?: boolean },
  ): Promise<DepartmentDto> {
    const name = input.name.trim();
    await this.assertNameFree(name);
    return this.prisma.$transaction(async (tx) => {
      const d = await tx.department.create({
        data: { name, isCollective: input.isCollective ?? false },
      });
      await this.audit.record(tx, {
        actorId,
        action: 'department.created',
        entityType: 'department',
        entityId: d.id,
        data: { name, isCollective: d.isCollective },
      });
      return { id: d.id, name: d.name, isCollective: d.isCollective, aliases: [], members: [] };
    });
  }

  async addAlias(actorId: string, departmentId: string, alias: string): Promise<void> {
    const trimmed = alias.trim();
    await this.findOrThrow(departmentId);
    await this.assertNameFree(trimmed);
    await this.prisma.$transaction(async (tx) => {
      await tx.departmentAlias.create({ data: { alias: trimmed, departmentId } });
      await this.audit.record(tx, {
        actorId,
        action: 'department.alias_added',
        entityType: 'department',
        entityId: departmentId,
        data: { alias: trimmed },
      });
    });
  }

  async removeAlias(actorId: string, departmentId: string, alias: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.departmentAlias.deleteMany({ where: { alias, departmentId } });
      if (count === 0) throw aliasNotFound();
      await this.audit.record(tx, {
        actorId,
        action: 'department.alias_removed',
        entityType: 'department',
        entityId: departmentId,
        data: { alias },
      });
    });
  }

  /** Sets the departments a collective unit stands for; its reminders then reach their liaisons. */
  async setMembers(actorId: string, groupId: string, memberIds: string[]): Promise<DepartmentDto> {
    const group = await this.findOrThrow(groupId);
    if (!group.isCollective) throw notCollectiveUnit(group.name);
    const ids = [...new Set(memberIds)];
    const members = await this.prisma.department.findMany({ where: { id: { in: ids } } });
    const bad = ids.filter(
      (id) => id === groupId || !members.find((m) => m.id === id && !m.isCollective),
    );
    if (bad.length > 0) throw invalidGroupMembers(bad);
    await this.prisma.$transaction(async (tx) => {
      await tx.departmentGroupMember.deleteMany({ where: { groupId } });
      await tx.departmentGroupMember.createMany({
        data: ids.map((memberId) => ({ groupId, memberId })),
      });
      await this.audit.record(tx, {
        actorId,
        action: 'department.members_set',
        entityType: 'department',
        entityId: groupId,
        data: { members: members.map((m) => m.name).sort() },
      });
    });
    return (await this.directory({ id: groupId }))[0]!;
  }

  /**
   * Creates, in the caller's transaction and set-based, the units a region's directory lacks
   * (`region` null: the top office's), each stored under its regional name (`regionalName`); a name
   * that exists already is kept as it is. Not audited here: the caller's audit record names them.
   *
   * @returns the id of each unit the region's directory now holds, by the name asked for
   */
  async createMissingUnits(
    tx: Tx,
    region: { id: string; name: string } | null,
    units: { name: string; isCollective: boolean }[],
  ): Promise<Map<string, string>> {
    if (units.length === 0) return new Map();
    const regionId = region?.id ?? null;
    const stored = units.map((u) => ({ ...u, name: regionalName(u.name, region?.name ?? null) }));
    await tx.$executeRaw(insertMissingDepartments(regionId, stored));
    const rows = await tx.department.findMany({
      where: { regionId, name: { in: stored.map((u) => u.name) } },
      select: { id: true, name: true },
    });
    const idOf = new Map(rows.map((d) => [d.name, d.id]));
    const out = new Map<string, string>();
    units.forEach((u, i) => {
      const id = idOf.get(stored[i]!.name);
      if (id) out.set(u.name, id);
    });
    return out;
  }

  /**
   * Saves printed names as aliases of the departments they were mapped to, in the caller's
   * transaction, set-based; a name that is already a department's name or an alias is skipped.
   */
  async saveAliases(tx: Tx, aliases: { alias: string; departmentId: string }[]): Promise<void> {
    if (aliases.length === 0) return;
    await tx.$executeRaw(
      insertMissingAliases(aliases.map((a) => ({ ...a, alias: a.alias.trim() }))),
    );
  }

  private async findOrThrow(id: string) {
    const d = await this.prisma.department.findUnique({ where: { id } });
    if (!d) throw departmentNotFound();
    return d;
  }

  /** A name or alias may stand for one department only. */
  private async assertNameFree(name: string): Promise<void> {
    const [departments, aliases] = await Promise.all([
      this.prisma.department.findMany({ select: { name: true } }),
      this.prisma.departmentAlias.findMany({ select: { alias: true } }),
    ]);
    const key = unitKey(name);
    if (departments.some((d) => unitKey(d.name) === key)) throw departmentNameTaken(name);
    if (aliases.some((a) => unitKey(a.alias) === key)) throw nameIsAlias(name);
  }
}
