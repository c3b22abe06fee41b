import { ApiProperty } from '@nestjs/swagger';
import { TaskStatus } from '../../../generated/prisma/enums';
import type { EvidenceView, RequestResult, RequestView } from './requests.dto';

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
