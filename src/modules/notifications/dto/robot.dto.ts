import { IntRange } from '../../../common/dto/bounds';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { RobotKind } from '../../../generated/prisma/enums';
import type { Robot } from '../../../generated/prisma/client';

const WEBHOOK = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };

export class CreateRobotDto {
  @ApiProperty({ enum: RobotKind, enumName: 'RobotKind', example: 'WECOM' })
  @IsEnum(RobotKind)
  kind!: RobotKind;

  @ApiProperty({ example: '省民政厅督办群' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    description:
      "https to the platform's host (qyapi.weixin.qq.com, oapi.dingtalk.com, open.feishu.cn, open.larksuite.com) or to a host in GET /robots/allowed-hosts; never a loopback, private or link-local address",
  })
  @IsUrl(WEBHOOK)
  @MaxLength(1000)
  webhookUrl!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Signing secret (DingTalk 加签, Feishu 签名校验); never returned',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  secret?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The department's group; null/omitted = the supervision office's robot",
  })
  @IsOptional()
  @IsUUID()
  departmentId?: string | null;

  @ApiPropertyOptional({ default: 20, description: 'Messages a minute the platform accepts' })
  @IsOptional()
  @IntRange(1, 1000)
  perMinute?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Every field optional; `secret: null` (or '') removes the secret. Kind and department stay. */
export class UpdateRobotDto extends PartialType(CreateRobotDto) {}

/** A robot as the API shows it: the secret is never returned, only whether one is set. */
export class RobotDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: RobotKind, enumName: 'RobotKind' })
  kind!: RobotKind;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Webhook URL with its token masked (`key=****abcd`)' })
  webhookUrl!: string;

  @ApiProperty()
  hasSecret!: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  departmentId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  departmentName!: string | null;

  @ApiProperty()
  perMinute!: number;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  static from(robot: Robot & { department: { name: string } | null }): RobotDto {
    return {
      id: robot.id,
      kind: robot.kind,
      name: robot.name,
      webhookUrl: maskWebhook(robot.webhookUrl),
      hasSecret: Boolean(robot.secret),
      departmentId: robot.departmentId,
      departmentName: robot.department?.name ?? null,
      perMinute: robot.perMinute,
      active: robot.active,
      createdAt: robot.createdAt,
    };
  }
}

/** The webhook's query values are credentials (WeCom `key`, DingTalk `access_token`): show 4 chars. */
export function maskWebhook(webhookUrl: string): string {
  try {
    const url = new URL(webhookUrl);
    for (const [name, value] of [...url.searchParams]) {
      url.searchParams.set(name, `****${value.slice(-4)}`);
    }
    // Feishu puts its token in the path (…/bot/v2/hook/<token>).
    url.pathname = url.pathname.replace(
      /\/hook\/([^/]+)$/,
      (_, t: string) => `/hook/****${t.slice(-4)}`,
    );
    return decodeURIComponent(url.toString());
  } catch {
    return '****';
  }
}
