import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An audit event id (bigint, positive). */
const EVENT_ID = /^[1-9]\d{0,17}$/;

export const MAX_PAGE = 200;

/** Filters shared by the auditor's views and the export (all optional, combined with AND). */
export class AuditFilterQuery {
  @ApiPropertyOptional({ description: '操作人:账号或人员 ID' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({
    example: 'auth.login',
    description: '动作前缀,如 auth. 或 person.created',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'person', description: '对象类型' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @ApiPropertyOptional({ description: '对象 ID' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  entityId?: string;
}

/** A page of events in a period, newest first; `before` is the `nextBefore` of the previous page. */
export class PeriodPageQuery {
  @ApiPropertyOptional({ example: '2026-11-01', description: '起始日期(北京时间,含当天)' })
  @IsOptional()
  @Matches(DATE)
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: '截止日期(北京时间,含当天)' })
  @IsOptional()
  @Matches(DATE)
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: '只列出序号小于此值的事件(上一页的 nextBefore)' })
  @IsOptional()
  @Matches(EVENT_ID)
  before?: string;
}

/** One page of the trail, filtered. */
export class AuditPageQuery extends IntersectionType(AuditFilterQuery, PeriodPageQuery) {}

/** The sign-in log: auth.* events; `username` is the account signed in with (known or not). */
export class SignInPageQuery extends PeriodPageQuery {
  @ApiPropertyOptional({ description: '账号(含登录时输入的不存在的账号)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  username?: string;

  @ApiPropertyOptional({
    example: 'auth.login.failed',
    description: '动作前缀(在 auth. 之内),如 auth.login.failed',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;
}
