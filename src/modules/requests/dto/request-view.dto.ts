import { ApiProperty } from '@nestjs/swagger';
import { TaskStatus } from '../../../generated/prisma/enums';
import type { EvidenceView, RequestResult, RequestView, ReviewStepView } from './requests.dto';

/** The response shapes of the requests API, for the OpenAPI document (and the web's types). */
export class EvidenceViewDto implements EvidenceView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['LINK', 'FILE'] })
  kind!: 'LINK' | 'FILE';

  @ApiProperty({ type: String, nullable: true, description: 'A link (kind LINK)' })
  url!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'An uploaded file (kind FILE)' })
  fileName!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  size!: number | null;

  @ApiProperty({ type: String, nullable: true })
  mimeType!: string | null;

  @ApiProperty({ type: String, nullable: true })
  sha256!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

export class ReviewStepViewDto implements ReviewStepView {
  @ApiProperty({ enum: ['HEAD', 'OFFICE', 'LEADER'], enumName: 'ReviewStage' })
  stage!: 'HEAD' | 'OFFICE' | 'LEADER';

  @ApiProperty({ example: '督查室审核' })
  stageLabel!: string;

  @ApiProperty({
    enum: ['PENDING', 'APPROVED', 'RETURNED', 'SKIPPED'],
    enumName: 'ReviewStepStatus',
  })
  status!: 'PENDING' | 'APPROVED' | 'RETURNED' | 'SKIPPED';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  enteredAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  actingFor!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '张三(代李四)' })
  byline!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: Date | null;
}

export class RequestViewDto implements RequestView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty({ enum: ['CLOSURE', 'EXTENSION', 'DISPUTE'], enumName: 'RequestKind' })
  kind!: 'CLOSURE' | 'EXTENSION' | 'DISPUTE';

  @ApiProperty({
    enum: ['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'],
    enumName: 'RequestStatus',
  })
  status!: 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Closure: what was done' })
  summary!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Extension: the date asked for' })
  proposedDueOn!: string | null;

  @ApiProperty({ format: 'uuid' })
  requestedById!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  requestedAt!: Date;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  decidedById!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decisionReason!: string | null;

  @ApiProperty({ type: [EvidenceViewDto] })
  evidence!: EvidenceViewDto[];

  @ApiProperty({ enum: ['HEAD', 'OFFICE', 'LEADER'], enumName: 'ReviewStage', nullable: true })
  stage!: 'HEAD' | 'OFFICE' | 'LEADER' | null;

  @ApiProperty({ type: [ReviewStepViewDto] })
  steps!: ReviewStepViewDto[];
}

export class RequestTaskStateDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: TaskStatus, enumName: 'TaskStatus' })
  status!: string;

  @ApiProperty({ description: 'Send it back with the next request' })
  version!: number;

  @ApiProperty({ type: String, nullable: true })
  dueOn!: string | null;
}

export class RequestResultDto implements RequestResult {
  @ApiProperty({ type: RequestViewDto })
  request!: RequestViewDto;

  @ApiProperty({ type: RequestTaskStateDto, description: "The task's state after the call" })
  task!: RequestTaskStateDto;
}
