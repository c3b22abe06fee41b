import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { AllowedHostsDto } from './dto/allowed-hosts.dto';
import { allowedHostInvalid } from './notifications.errors';
import { normaliseAllowedHost } from './outbound/webhook-policy';

/** The administrator's list of extra hosts robot webhooks may reach (outbound policy). */
@Injectable()
export class RobotHostsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<AllowedHostsDto> {
    const rows = await this.prisma.robotAllowedHost.findMany({ orderBy: { host: 'asc' } });
    return { hosts: rows.map((r) => r.host) };
  }

  /** Replaces the list in one audited transaction; a robot already saved is checked at each send. */
  async replace(dto: AllowedHostsDto): Promise<AllowedHostsDto> {
    const normalised = dto.hosts.map((h) => [h, normaliseAllowedHost(h)] as const);
    const invalid = normalised.filter(([, n]) => n === null).map(([h]) => h);
    if (invalid.length > 0) throw allowedHostInvalid(invalid);
    const hosts = [...new Set(normalised.map(([, n]) => n!))].sort();
    await this.prisma.$transaction(async (tx) => {
      const before = (await tx.robotAllowedHost.findMany({ orderBy: { host: 'asc' } })).map(
        (r) => r.host,
      );
      await tx.robotAllowedHost.deleteMany({ where: { host: { notIn: hosts } } });
      await tx.robotAllowedHost.createMany({
        data: hosts.map((host) => ({ host })),
        skipDuplicates: true,
      });
      await this.audit.record(tx, {
        action: 'robot.allowed_hosts_set',
        entityType: 'robot_allowed_host',
        entityId: 'robot_allowed_host',
        before: { hosts: before },
        after: { hosts },
      });
    });
    return { hosts };
  }
}
