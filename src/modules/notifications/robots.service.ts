import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { CreateRobotDto, RobotDto, UpdateRobotDto } from './dto/robot.dto';
import {
  departmentNotFound,
  duplicateRobot,
  robotKindAndDepartmentFixed,
  robotNotFound,
} from './notifications.errors';

const withDepartment = { department: { select: { name: true } } } as const;

/** Group robots, one per department and platform (and the office's own, departmentId null). */
@Injectable()
export class RobotsService {
  constructor(private readonly prisma: PrismaService) {}

  async list(): Promise<RobotDto[]> {
    const robots = await this.prisma.robot.findMany({
      include: withDepartment,
      orderBy: [{ departmentId: { sort: 'asc', nulls: 'first' } }, { kind: 'asc' }],
    });
    return robots.map((r) => RobotDto.from(r));
  }

  async create(dto: CreateRobotDto): Promise<RobotDto> {
    const departmentId = dto.departmentId ?? null;
    if (departmentId) await this.requireDepartment(departmentId);
    // The unique index treats NULL departments as distinct: check the office's robot by hand.
    const existing = await this.prisma.robot.findFirst({ where: { departmentId, kind: dto.kind } });
    if (existing) throw duplicateRobot(dto.kind);
    try {
      const robot = await this.prisma.robot.create({
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
    const updated = await this.prisma.robot.update({
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
    return RobotDto.from(updated);
  }

  /** Deliveries still queued for it fail with `机器人已删除或停用` (visible in the log). */
  async remove(id: string): Promise<void> {
    const { count } = await this.prisma.robot.deleteMany({ where: { id } });
    if (count === 0) throw robotNotFound();
  }

  private async requireDepartment(id: string): Promise<void> {
    const found = await this.prisma.department.count({ where: { id } });
    if (found === 0) throw departmentNotFound();
  }
}
