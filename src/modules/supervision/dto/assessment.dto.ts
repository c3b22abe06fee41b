import { ApiProperty } from '@nestjs/swagger';

export class AssessmentDeductionsDto {
  @ApiProperty({ description: 'Missed deadlines of tasks led × the lead rule' })
  leadMissedDeadline!: number;

  @ApiProperty({ description: 'Missed deadlines of tasks supported × the supporting rule' })
  supportMissedDeadline!: number;

  @ApiProperty({ description: 'Unanswered notices × the notice rule' })
  unansweredNotice!: number;
}

/** One department's assessment (考核) for a period, with its rank. */
export class AssessmentRowDto {
  @ApiProperty({ description: 'Competition rank by score (equal scores share a rank)' })
  rank!: number;

  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty()
  departmentName!: string;

  @ApiProperty({ description: '100 minus the deductions, rounded to 2 decimals' })
  score!: number;

  @ApiProperty({ description: 'Deadlines in the period missed on tasks it leads' })
  leadMissed!: number;

  @ApiProperty({ description: 'Deadlines in the period missed on tasks it supports' })
  supportMissed!: number;

  @ApiProperty({
    description:
      'Urging, supervision and red-card notices in the period on tasks it leads, not followed by a report or request from it',
  })
  unansweredNotices!: number;

  @ApiProperty({ type: AssessmentDeductionsDto })
  deductions!: AssessmentDeductionsDto;
}
