import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { WorkSource } from '../../../generated/prisma/enums';
import { WorkSourcesParam } from '../../tasks/dto/work-sources.param';
import { PeriodQuery } from './stats.dto';

export class LedgerQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format: 'xlsx' | 'csv' = 'xlsx';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this department's rows" })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @WorkSourcesParam()
  source?: WorkSource[];
}

/** A period (from, to, plan) and the draft's format. */
export class BulletinQuery extends PeriodQuery {
  @ApiPropertyOptional({
    enum: ['json', 'markdown'],
    default: 'json',
    description: 'markdown: the draft as Chinese text (Markdown), ready to edit',
  })
  @IsOptional()
  @IsIn(['json', 'markdown'])
  format: 'json' | 'markdown' = 'json';
}
