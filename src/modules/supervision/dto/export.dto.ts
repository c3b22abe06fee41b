import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

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
}

export class BulletinQuery {
  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'First day (Shanghai); default 1 January',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day (Shanghai); default today' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiPropertyOptional({
    enum: ['json', 'markdown'],
    default: 'json',
    description: 'markdown: the draft as Chinese text (Markdown), ready to edit',
  })
  @IsOptional()
  @IsIn(['json', 'markdown'])
  format: 'json' | 'markdown' = 'json';
}
