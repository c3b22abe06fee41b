import { Injectable } from '@nestjs/common';
import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { AppConfig } from '../../config/app-config.service';
import type { Channel } from '../../generated/prisma/enums';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { MyChannelsDto } from './dto/channels.dto';

const ORDER: readonly Channel[] = ['INBOX', 'EMAIL', 'SMS', 'WECOM', 'DINGTALK', 'FEISHU'];
const LABEL: Record<Channel, string> = {
  INBOX: '站内消息',
  EMAIL: '电子邮件',
  SMS: '短信',
  WECOM: '企业微信',
  DINGTALK: '钉钉',
  FEISHU: '飞书',
};

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
    if (!person) throw notFound('该用户');
    return { channels: sorted(person.channels), available: await this.available(person) };
  }

  /** Replaces the person's channels; a channel they cannot be reached on is refused. */
  async set(personId: string, channels: Channel[]): Promise<MyChannelsDto> {
    const current = await this.get(personId);
    const wanted = sorted([...new Set<Channel>([...channels, 'INBOX'])]);
    const unreachable = wanted.filter((c) => !current.available.includes(c));
    if (unreachable.length > 0) {
      throw new DomainException(
        ErrorCode.VALIDATION_FAILED,
        `暂不能通过${unreachable.map((c) => LABEL[c]).join('、')}接收消息:请先设置邮箱或手机号码,或请管理员为您的部门配置群机器人`,
        { unavailable: unreachable },
      );
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
