import { ReviewStage } from '../../generated/prisma/enums';
import type { ReviewRules } from '../plan-policy/plan-policy';

/** The Chinese name of each review stage, as the task page and messages show it. */
export const STAGE_LABEL: Record<ReviewStage, string> = {
  HEAD: '部门负责人审核',
  OFFICE: '督查室审核',
  LEADER: '批示领导复核',
};

/** Working days a step may wait before its holders are reminded (once). */
export const REVIEW_REMINDER_WORKING_DAYS = 2;

/**
 * The stages a closure request goes through, in order (pure): the lead department's head when
 * the policy asks for it, the supervision office always, the instructing leader when the policy
 * asks for it and the container names one (批示件).
 */
export function chainFor(rules: ReviewRules, leaderId: string | null): ReviewStage[] {
  return [
    ...(rules.head ? [ReviewStage.HEAD] : []),
    ReviewStage.OFFICE,
    ...(rules.leader && leaderId ? [ReviewStage.LEADER] : []),
  ];
}

/** The stage after `stage` in `chain`, or null when it is the last. */
export function nextStage(chain: ReviewStage[], stage: ReviewStage): ReviewStage | null {
  const i = chain.indexOf(stage);
  return i >= 0 && i + 1 < chain.length ? chain[i + 1]! : null;
}
