import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';

/**
 * Hosts robot webhooks may reach beyond the platforms' own (qyapi.weixin.qq.com, oapi.dingtalk.com,
 * open.feishu.cn, open.larksuite.com): a public host name or address, with a port when it is not
 * 443. Never loopback, private or link-local, whatever is listed.
 */
export class AllowedHostsDto {
  @ApiProperty({
    type: [String],
    example: ['robot-gateway.example.gov.cn', 'hooks.example.gov.cn:8443'],
    description: 'The whole list (PUT replaces it); lower-cased, duplicates dropped',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(260, { each: true })
  hosts!: string[];
}
