import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { AssignmentRole, TaskStatus, WorkSource } from '../../../generated/prisma/enums';
import { WorkSourcesParam } from './work-sources.param';

export class MyTasksQuery {
  @ApiPropertyOptional({ enum: AssignmentRole, enumName: 'AssignmentRole' })
  @IsOptional()
  @IsEnum(AssignmentRole)
  role?: AssignmentRole;

  @ApiPropertyOptional({ enum: TaskStatus, enumName: 'TaskStatus' })
  @IsOptional()
  @IsEnum(TaskStatus)
  status?: TaskStatus;

  @WorkSourcesParam()
  source?: WorkSource[];
}
