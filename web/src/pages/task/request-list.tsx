import { REQUEST_KIND, REQUEST_STATUS, fmtDateTime } from '../../labels';
import type { TaskRequest } from '../../types';
import type { ApiError } from '../../api';
import { Badge, ErrorBox } from '../../ui';
import { ReviewChain } from './review-chain';

/** The task's requests and how they were decided. */
export function RequestList({ requests, error }: { requests?: TaskRequest[]; error?: ApiError }) {
  return (
    <section aria-labelledby="reqs">
      <h2 id="reqs">申请记录</h2>
      {error ? (
        <ErrorBox error={error} />
      ) : (requests ?? []).length === 0 ? (
        <p class="muted">暂无申请。</p>
      ) : (
        <ul class="cards">
          {requests!.map((r) => (
            <li key={r.id} class="card">
              <div class="meta">
                <Badge tone="blue">{REQUEST_KIND[r.kind]}</Badge>
                <Badge
                  tone={
                    r.status === 'REJECTED' ? 'red' : r.status === 'APPROVED' ? 'green' : 'yellow'
                  }
                >
                  {REQUEST_STATUS[r.status]}
                </Badge>
                <span>{fmtDateTime(r.requestedAt)}</span>
                {r.proposedDueOn && <span>申请延至 {r.proposedDueOn}</span>}
              </div>
              <p>{r.summary ?? r.reason}</p>
              <ReviewChain steps={r.steps} />
              {r.decisionReason && <p class="muted">审批意见:{r.decisionReason}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
