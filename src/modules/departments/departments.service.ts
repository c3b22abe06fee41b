import { Injectable } from '@nestjs/common';
import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { unitKey } from './unit-directory';
import { DepartmentDto } from './dto/department.dto';

const conflict = (message: string) => new DomainException(ErrorCode.CONFLICT, message);

/** The unit directory: departments, their aliases, and the members of collective units. */
@Injectable()
export class DepartmentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<DepartmentDto[]> {
    const rows = await this.prisma.department.findMany({
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
      if (count === 0) throw notFound('该别名');
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
    if (!group.isCollective) {
      throw new DomainException(
        ErrorCode.VALIDATION_FAILED,
        `“${group.name}”不是集合单位,不能设置成员单位`,
        [{ field: 'memberIds', reason: '只有集合单位可以设置成员单位' }],
      );
    }
    const ids = [...new Set(memberIds)];
    const members = await this.prisma.department.findMany({ where: { id: { in: ids } } });
    const bad = ids.filter(
      (id) => id === groupId || !members.find((m) => m.id === id && !m.isCollective),
    );
    if (bad.length > 0) {
      throw new DomainException(
        ErrorCode.VALIDATION_FAILED,
        '成员单位必须是名录中已有的具体部门(不能是集合单位或其本身)',
        bad.map((id) => ({ field: 'memberIds', reason: '不是可选的部门', value: id })),
      );
    }
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
    return (await this.list()).find((d) => d.id === groupId)!;
  }

  private async findOrThrow(id: string) {
    const d = await this.prisma.department.findUnique({ where: { id } });
    if (!d) throw notFound('该部门');
    return d;
  }

  /** A name or alias may stand for one department only. */
  private async assertNameFree(name: string): Promise<void> {
    const [departments, aliases] = await Promise.all([
      this.prisma.department.findMany({ select: { name: true } }),
      this.prisma.departmentAlias.findMany({ select: { alias: true } }),
    ]);
    const key = unitKey(name);
    if (departments.some((d) => unitKey(d.name) === key))
      throw conflict(`名录中已有名为“${name}”的部门`);
    if (aliases.some((a) => unitKey(a.alias) === key))
      throw conflict(`“${name}”已是某个部门的别名`);
  }
}
