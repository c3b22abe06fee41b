import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { AssignmentRole, TaskStatus } from '../../../generated/prisma/enums';

export class MyTasksQuery {
  @ApiPropertyOptional({ enum: AssignmentRole, enumName: 'AssignmentRole' })
  @IsOptional()
  @IsEnum(AssignmentRole)
  role?: AssignmentRole;

  @ApiPropertyOptional({ enum: TaskStatus, enumName: 'TaskStatus' })
  @IsOptional()
  @IsEnum(TaskStatus)
  status?: TaskStatus;
}
