import { fmtDateTime } from '../../labels';
import type { ReviewStep } from '../../types';
import { Badge } from '../../ui';

const STEP_STATUS: Record<ReviewStep['status'], string> = {
  PENDING: '待审核',
  APPROVED: '同意',
  RETURNED: '退回重办',
  SKIPPED: '未进行',
};
const STEP_TONE: Record<ReviewStep['status'], 'yellow' | 'green' | 'red' | 'grey'> = {
  PENDING: 'yellow',
  APPROVED: 'green',
  RETURNED: 'red',
  SKIPPED: 'grey',
};

/** A closure's review chain (审核): each step, who decided it and when, and why. */
export function ReviewChain({ steps }: { steps: ReviewStep[] }) {
  if (steps.length === 0) return null;
  return (
    <ol class="review-chain" aria-label="审核流程">
      {steps.map((s) => (
        <li key={s.stage}>
          <strong>{s.stageLabel}</strong>{' '}
          <Badge tone={STEP_TONE[s.status]}>
            {s.status === 'PENDING' && !s.enteredAt ? '尚未开始' : STEP_STATUS[s.status]}
          </Badge>
          {s.byline && <span> · {s.byline}</span>}
          {s.decidedAt && <span> · {fmtDateTime(s.decidedAt)}</span>}
          {s.reason && <span class="muted"> · 意见:{s.reason}</span>}
        </li>
      ))}
    </ol>
  );
}
