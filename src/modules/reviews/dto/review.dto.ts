import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IntRange, MAX_INT } from '../../../common/dto/bounds';
import { ReviewStage } from '../../../generated/prisma/enums';
import { RequestViewDto } from '../../requests/dto/request-view.dto';

const STAGES = Object.values(ReviewStage);

/** Approving the step that waits (同意): the stage the caller saw, optionally the task version. */
export class ReviewApproveDto {
  @ApiProperty({
    enum: STAGES,
    enumName: 'ReviewStage',
    description:
      'The stage the caller read; the request having moved on is a 409 REVIEW_STAGE_MOVED',
  })
  @IsIn(STAGES)
  stage!: ReviewStage;

  @ApiPropertyOptional({ maxLength: 2000, description: '审核意见' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'The task version read (a newer one is a 409)' })
  @IsOptional()
  @IntRange(0, MAX_INT)
  version?: number;
}

/** Returning the closure (退回重办): a reason is required. */
export class ReviewReturnDto {
  @ApiProperty({ enum: STAGES, enumName: 'ReviewStage', description: 'The stage the caller read' })
  @IsIn(STAGES)
  stage!: ReviewStage;

  @ApiProperty({ maxLength: 2000, description: '退回理由:还需要做什么' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/)
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ minimum: 0, description: 'The task version read (a newer one is a 409)' })
  @IsOptional()
  @IntRange(0, MAX_INT)
  version?: number;
}

/** A closure request waiting for the caller's review, with its task. */
export class MyReviewDto {
  @ApiProperty({ type: RequestViewDto })
  request!: RequestViewDto;

  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty()
  taskNo!: number;

  @ApiProperty()
  taskText!: string;

  @ApiProperty()
  taskVersion!: number;

  @ApiProperty({ description: 'The container: plan, instruction, meeting… title' })
  planTitle!: string;

  @ApiProperty()
  department!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The deputy acts for this person' })
  actingFor!: string | null;
}
