import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { WorkSource } from '../../../generated/prisma/enums';

const SOURCES = Object.values(WorkSource);

export class WorkCreatedDto {
  @ApiProperty() planId!: string;
  @ApiProperty({ enum: SOURCES, enumName: 'WorkSource' }) source!: WorkSource;
  @ApiProperty({ type: [String] }) taskIds!: string[];
  @ApiProperty({ description: 'false: the same requestId was sent before; this is that work' })
  created!: boolean;
  @ApiProperty({ description: 'Deadline reminders planned', type: Object })
  reminders!: { pending: number; skipped: number };
}

export class WorkUnitDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class WorkTaskDto {
  @ApiProperty() id!: string;
  @ApiProperty() no!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null = ongoing' }) dueOn!:
    string | null;
  @ApiProperty() status!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [WorkUnitDto] }) lead!: WorkUnitDto[];
  @ApiProperty({ type: [WorkUnitDto] }) support!: WorkUnitDto[];
}

export class WorkDocumentDto {
  @ApiProperty() evidenceId!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() size!: number;
  @ApiProperty() mimeType!: string;
}

export class WorkContainerDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SOURCES, enumName: 'WorkSource' }) source!: WorkSource;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) documentNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) issuedOn!: string | null;
  @ApiProperty({ type: WorkUnitDto, nullable: true }) leader!: WorkUnitDto | null;
  @ApiProperty({ type: String, nullable: true }) createdById!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) policy!: Record<string, unknown>;
  @ApiProperty({ type: WorkDocumentDto, nullable: true }) document!: WorkDocumentDto | null;
  @ApiProperty({ type: [WorkTaskDto] }) tasks!: WorkTaskDto[];
}

export class WorkTaskBriefDto {
  @ApiProperty() id!: string;
  @ApiProperty() no!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: String, nullable: true }) dueOn!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ type: [String] }) lead!: string[];
}

export class WorkListItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SOURCES, enumName: 'WorkSource' }) source!: WorkSource;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) documentNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) issuedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) leaderName!: string | null;
  @ApiProperty() tasks!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: [WorkTaskBriefDto], description: 'Its tasks the caller may see' })
  items!: WorkTaskBriefDto[];
}

export class WorkListQuery {
  @ApiPropertyOptional({
    enum: SOURCES,
    enumName: 'WorkSource',
    description: 'One source; left out: every source but plans',
  })
  @IsOptional()
  @IsIn(SOURCES)
  source?: WorkSource;
}

export class TaskSourceDocumentDto {
  @ApiProperty() fileName!: string;
  @ApiProperty() size!: number;
}

/** Where a task comes from (GET /tasks/:id/source). */
export class TaskSourceDto {
  @ApiProperty({ enum: SOURCES, enumName: 'WorkSource' }) source!: WorkSource;
  @ApiProperty({ description: 'The plan row holding the task' }) containerId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) documentNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) issuedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) leaderName!: string | null;
  @ApiProperty({ type: TaskSourceDocumentDto, nullable: true })
  document!: TaskSourceDocumentDto | null;
}
