import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { Robot } from '../../generated/prisma/client';
import type { RobotKind } from '../../generated/prisma/enums';
import { AuditService } from '../audit/audit.service';
import { CreateRobotDto, maskWebhook, RobotDto, UpdateRobotDto } from './dto/robot.dto';
import {
  departmentNotFound,
  duplicateRobot,
  robotKindAndDepartmentFixed,
  robotNotFound,
  webhookNotAllowed,
} from './notifications.errors';
import { OutboundGuard, WebhookRefused } from './outbound/outbound-guard';

const withDepartment = { department: { select: { name: true } } } as const;

/**
 * What the audit trail keeps of a robot: never the secret (only whether there is one), and the
 * webhook with its token masked, as the API shows it.
 */
function auditedRobot(robot: Robot): object {
  return {
    kind: robot.kind,
    name: robot.name,
    webhookUrl: maskWebhook(robot.webhookUrl),
    hasSecret: Boolean(robot.secret),
    departmentId: robot.departmentId,
    perMinute: robot.perMinute,
    active: robot.active,
  };
}

/**
 * Group robots, one per department and platform (and the office's own, departmentId null). Their
 * webhooks must pass the outbound policy (OutboundGuard); every change is audited.
 */
@Injectable()
export class RobotsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly outbound: OutboundGuard,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RobotDto[]> {
    const robots = await this.prisma.robot.findMany({
      include: withDepartment,
      orderBy: [{ departmentId: { sort: 'asc', nulls: 'first' } }, { kind: 'asc' }],
    });
    return robots.map((r) => RobotDto.from(r));
  }

  async create(dto: CreateRobotDto): Promise<RobotDto> {
    const departmentId = dto.departmentId ?? null;
    await this.assertWebhook(dto.webhookUrl, dto.kind);
    if (departmentId) await this.requireDepartment(departmentId);
    // The unique index treats NULL departments as distinct: check the office's robot by hand.
    const existing = await this.prisma.robot.findFirst({ where: { departmentId, kind: dto.kind } });
    if (existing) throw duplicateRobot(dto.kind);
    try {
      const robot = await this.prisma.$transaction(async (tx) => {
        const created = await tx.robot.create({
          data: {
            kind: dto.kind,
            name: dto.name,
            webhookUrl: dto.webhookUrl,
            secret: dto.secret || null,
            departmentId,
            perMinute: dto.perMinute,
            active: dto.active,
          },
          include: withDepartment,
        });
        await this.audit.record(tx, {
          action: 'robot.created',
          entityType: 'robot',
          entityId: created.id,
          after: auditedRobot(created),
        });
        return created;
      });
      return RobotDto.from(robot);
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002') throw duplicateRobot(dto.kind);
      throw err;
    }
  }

  async update(id: string, dto: UpdateRobotDto): Promise<RobotDto> {
    const robot = await this.prisma.robot.findUnique({ where: { id } });
    if (!robot) throw robotNotFound();
    if (
      (dto.kind !== undefined && dto.kind !== robot.kind) ||
      (dto.departmentId !== undefined && (dto.departmentId ?? null) !== robot.departmentId)
    ) {
      throw robotKindAndDepartmentFixed();
    }
    if (dto.webhookUrl !== undefined) await this.assertWebhook(dto.webhookUrl, robot.kind);
    const updated = await this.prisma.$transaction(async (tx) => {
      const after = await tx.robot.update({
        where: { id },
        data: {
          name: dto.name,
          webhookUrl: dto.webhookUrl,
          secret: dto.secret === undefined ? undefined : dto.secret || null,
          perMinute: dto.perMinute,
          active: dto.active,
        },
        include: withDepartment,
      });
      await this.audit.record(tx, {
        action: 'robot.updated',
        entityType: 'robot',
        entityId: id,
        // A new secret is a change worth seeing even when it replaces one: say so, not what it is.
        data: { secretChanged: dto.secret !== undefined && (dto.secret || null) !== robot.secret },
        before: auditedRobot(robot),
        after: auditedRobot(after),
      });
      return after;
    });
    return RobotDto.from(updated);
  }

  /** Deliveries still queued for it fail with `机器人已删除或停用` (visible in the log). */
  async remove(id: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const [robot] = await tx.robot.findMany({ where: { id } });
      const { count } = await tx.robot.deleteMany({ where: { id } });
      if (!robot || count === 0) throw robotNotFound();
      await this.audit.record(tx, {
        action: 'robot.deleted',
        entityType: 'robot',
        entityId: id,
        before: auditedRobot(robot),
      });
    });
  }

  private async assertWebhook(webhookUrl: string, kind: RobotKind): Promise<void> {
    try {
      await this.outbound.assertUrl(webhookUrl, kind);
    } catch (err) {
      if (err instanceof WebhookRefused) throw webhookNotAllowed(err.reason);
      throw err;
    }
  }

  private async requireDepartment(id: string): Promise<void> {
    const found = await this.prisma.department.count({ where: { id } });
    if (found === 0) throw departmentNotFound();
  }
}
