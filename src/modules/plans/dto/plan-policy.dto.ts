import { ApiProperty } from '@nestjs/swagger';
import type {
  AcknowledgementRules,
  AssessmentRules,
  EscalationRules,
  LaggingRules,
  PlanPolicy,
  ReportingCadence,
  ReviewRules,
} from '../../plan-policy/plan-policy';
import { MAX_ESCALATION_WORKING_DAYS } from '../../plan-policy/resolve-policy';
import type { PolicyChange } from '../plan-policy.service';

/**
 * The shapes of GET/PUT /plans/:id/policy. The policy itself is validated in plan-policy
 * (resolve-policy.ts); the bounds declared here are the ones it enforces, so that the OpenAPI
 * document tells a client (and the fuzz suite) what is accepted.
 */
const days = (minimum: number, example: number) => ({
  minimum,
  maximum: MAX_ESCALATION_WORKING_DAYS,
  example,
});
const DEDUCTION = { minimum: 0, maximum: 100, example: 1 };

export class QuietHoursDto {
  @ApiProperty({ example: '22:00' })
  start!: string;

  @ApiProperty({ example: '08:00' })
  end!: string;
}

export class EscalationRulesDto implements EscalationRules {
  @ApiProperty({ description: 'Working days overdue before urging (催办)', ...days(1, 1) })
  urgingAfter!: number;

  @ApiProperty({ description: 'Working days overdue before supervision (督办)', ...days(2, 5) })
  supervisionAfter!: number;

  @ApiProperty({ description: 'Working days overdue before a red card', ...days(3, 10) })
  redCardAfter!: number;
}

export class LaggingRulesDto implements LaggingRules {
  @ApiProperty({ minimum: 1, maximum: 100, example: 30 })
  gapPercent!: number;

  @ApiProperty({ minimum: 1, maximum: 250, example: 20 })
  noReportWorkingDays!: number;
}

export class ReportingRulesDto {
  @ApiProperty({ enum: ['none', 'weekly', 'monthly', 'quarterly'] })
  cadence!: ReportingCadence;

  @ApiProperty({
    description: "Day of the month (31 = the month's last day); weekly: ISO weekday, 1 = Monday",
    minimum: 1,
    maximum: 31,
    example: 25,
  })
  dueDay!: number;

  @ApiProperty({ minimum: 0, maximum: 20, example: 3 })
  remindBefore!: number;

  @ApiProperty({ minimum: 0, maximum: 20, example: 1 })
  urgeAfter!: number;

  @ApiProperty({
    description:
      'Working days after assignment for the first report (0 = none apart from the cadence)',
    minimum: 0,
    maximum: 60,
    example: 0,
  })
  firstWithin!: number;
}

export class AcknowledgementRulesDto implements AcknowledgementRules {
  @ApiProperty({
    description: 'Working days to acknowledge (签收) or return',
    minimum: 1,
    maximum: 30,
    example: 3,
  })
  workingDays!: number;

  @ApiProperty({
    description: 'Working days after that before the head is urged',
    minimum: 1,
    maximum: 30,
    example: 1,
  })
  urgeAfter!: number;
}

export class ReviewRulesDto implements ReviewRules {
  @ApiProperty({ description: 'The department head reviews a closure request first' })
  head!: boolean;

  @ApiProperty({ description: 'The instructing leader reviews last (批示件)' })
  leader!: boolean;
}

export class AssessmentRulesDto implements AssessmentRules {
  @ApiProperty(DEDUCTION)
  leadMissedDeadline!: number;

  @ApiProperty(DEDUCTION)
  supportMissedDeadline!: number;

  @ApiProperty(DEDUCTION)
  unansweredNotice!: number;
}

export class PlanPolicyDto implements PlanPolicy {
  @ApiProperty({ type: [Number], example: [5, 1], minimum: 0, maximum: 60, maxItems: 10 })
  deadlineReminders!: number[];

  @ApiProperty({ example: 9, minimum: 0, maximum: 23 })
  sendHour!: number;

  @ApiProperty({ type: QuietHoursDto })
  quietHours!: QuietHoursDto;

  @ApiProperty({ type: EscalationRulesDto })
  escalation!: EscalationRulesDto;

  @ApiProperty({ type: LaggingRulesDto })
  lagging!: LaggingRulesDto;

  @ApiProperty({ type: ReportingRulesDto })
  reporting!: ReportingRulesDto;

  @ApiProperty({ type: AssessmentRulesDto })
  assessment!: AssessmentRulesDto;

  @ApiProperty({ minimum: 0, maximum: 60, example: 5 })
  disputeWindowWorkingDays!: number;

  @ApiProperty({ type: AcknowledgementRulesDto })
  acknowledgement!: AcknowledgementRulesDto;

  @ApiProperty({ type: ReviewRulesDto })
  review!: ReviewRulesDto;
}

export class ReplannedRemindersDto {
  @ApiProperty()
  added!: number;

  @ApiProperty()
  cancelled!: number;

  @ApiProperty()
  moved!: number;
}

export class PolicyChangeDto implements PolicyChange {
  @ApiProperty({ type: PlanPolicyDto })
  policy!: PlanPolicyDto;

  @ApiProperty({ type: ReplannedRemindersDto })
  reminders!: ReplannedRemindersDto;
}
