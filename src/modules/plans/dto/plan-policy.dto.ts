import { ApiProperty } from '@nestjs/swagger';
import type {
  AssessmentRules,
  EscalationRules,
  LaggingRules,
  PlanPolicy,
  ReportingCadence,
} from '../../plan-policy/plan-policy';
import type { PolicyChange } from '../plan-policy.service';

/** The response shapes of GET/PUT /plans/:id/policy (the policy itself is validated in plan-policy). */
export class QuietHoursDto {
  @ApiProperty({ example: '22:00' })
  start!: string;

  @ApiProperty({ example: '08:00' })
  end!: string;
}

export class EscalationRulesDto implements EscalationRules {
  @ApiProperty({ description: 'Working days overdue before urging (催办)' })
  urgingAfter!: number;

  @ApiProperty({ description: 'Working days overdue before supervision (督办)' })
  supervisionAfter!: number;

  @ApiProperty({ description: 'Working days overdue before a red card' })
  redCardAfter!: number;
}

export class LaggingRulesDto implements LaggingRules {
  @ApiProperty()
  gapPercent!: number;

  @ApiProperty()
  noReportWorkingDays!: number;
}

export class ReportingRulesDto {
  @ApiProperty({ enum: ['none', 'monthly', 'quarterly'] })
  cadence!: ReportingCadence;

  @ApiProperty({ description: "Day of the month; 31 = the month's last day" })
  dueDay!: number;

  @ApiProperty()
  remindBefore!: number;

  @ApiProperty()
  urgeAfter!: number;
}

export class AssessmentRulesDto implements AssessmentRules {
  @ApiProperty()
  leadMissedDeadline!: number;

  @ApiProperty()
  supportMissedDeadline!: number;

  @ApiProperty()
  unansweredNotice!: number;
}

export class PlanPolicyDto implements PlanPolicy {
  @ApiProperty({ type: [Number], example: [5, 1] })
  deadlineReminders!: number[];

  @ApiProperty({ example: 9 })
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

  @ApiProperty()
  disputeWindowWorkingDays!: number;
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
