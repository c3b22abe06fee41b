import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import type { Channel } from '../../generated/prisma/enums';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { MyChannelsDto } from './dto/channels.dto';
import { channelsUnavailable, personNotFound } from './notifications.errors';

const ORDER: readonly Channel[] = ['INBOX', 'EMAIL', 'SMS', 'WECOM', 'DINGTALK', 'FEISHU'];

/**
 * Each person's channels. The inbox is always kept: it is the record of every message, costs the
 * person nothing, and guarantees that muting cannot leave someone unreachable. A muted channel
 * is skipped for ordinary messages only; urgent ones reach every available channel.
 */
@Injectable()
export class ChannelPreferencesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  async get(personId: string): Promise<MyChannelsDto> {
    const person = await this.prisma.person.findUnique({
      where: { id: personId },
      select: { channels: true, email: true, phone: true, departmentId: true },
    });
    if (!person) throw personNotFound();
    return { channels: sorted(person.channels), available: await this.available(person) };
  }

  /** Replaces the person's channels; a channel they cannot be reached on is refused. */
  async set(personId: string, channels: Channel[]): Promise<MyChannelsDto> {
    const current = await this.get(personId);
    const wanted = sorted([...new Set<Channel>([...channels, 'INBOX'])]);
    const unreachable = wanted.filter((c) => !current.available.includes(c));
    if (unreachable.length > 0) {
      throw channelsUnavailable(unreachable);
    }
    await this.prisma.person.update({ where: { id: personId }, data: { channels: wanted } });
    return { channels: wanted, available: current.available };
  }

  private async available(person: {
    email: string | null;
    phone: string | null;
    departmentId: string | null;
  }): Promise<Channel[]> {
    const robots = await this.prisma.robot.findMany({
      where: { departmentId: person.departmentId, active: true },
      select: { kind: true },
    });
    const channels: Channel[] = ['INBOX', ...robots.map((r) => r.kind)];
    if (person.email?.trim()) channels.push('EMAIL');
    if (person.phone?.trim() && this.config.get('SMS_GATEWAY_URL')) channels.push('SMS');
    return sorted(channels);
  }
}

function sorted(channels: Channel[]): Channel[] {
  return [...new Set(channels)].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
}
