import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsEnum, IsOptional } from 'class-validator';
import { QueryList } from '../../../common/dto/query-values';
import { WorkSource } from '../../../generated/prisma/enums';
import { WORK_SOURCES } from '../work-source';

/**
 * The `source` filter of every list, count and export of tasks: repeated (`?source=INSTRUCTION&
 * source=MEETING`) or a comma list; an unknown value is refused (400, naming the field).
 */
export const WorkSourcesParam = () =>
  applyDecorators(
    ApiPropertyOptional({
      enum: WorkSource,
      enumName: 'WorkSource',
      isArray: true,
      description:
        'Only work of these sources (repeat the parameter or separate with commas); default: every source',
    }),
    IsOptional(),
    QueryList(),
    ArrayMaxSize(WORK_SOURCES.length),
    IsEnum(WorkSource, { each: true }),
  );
