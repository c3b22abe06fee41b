import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { TextAreaField } from '../components/fields';
import { fmtDateTime } from '../labels';
import type { MyReview } from '../types';
import { ErrorBox, Loading, PageTitle, StatusMessage, fieldError, useAction, useLoad } from '../ui';
import { ReviewChain } from './task/review-chain';

/**
 * 待我审核: the closure requests waiting at a step the reader holds (the lead department's head or
 * their deputy, the supervision office, the instructing leader), oldest first, each approved (同意)
 * or returned with a reason (退回重办) in place.
 */
export function Reviews() {
  const [notice, setNotice] = useState('');
  const { data, error, loading, reload } = useLoad(() => get<MyReview[]>('/reviews/mine'));
  return (
    <>
      <PageTitle>待我审核</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <ErrorBox error={error} />
      {loading && !data ? (
        <Loading what="待审核事项" />
      ) : (data ?? []).length === 0 ? (
        <p class="muted">目前没有等待您审核的办结申请。</p>
      ) : (
        <ul class="cards">
          {data!.map((r) => (
            <li key={r.request.id} class="card">
              <h2 class="card-title">
                <a href={`#/tasks/${r.taskId}`}>
                  第 {r.taskNo} 项 · {r.department} · 申请办结
                </a>
              </h2>
              <div class="meta">
                <span>{r.planTitle}</span>
                <span>提交于 {fmtDateTime(r.request.requestedAt)}</span>
                {r.actingFor && <span>受 {r.actingFor} 委托审核</span>}
              </div>
              <p class="muted">{r.taskText}</p>
              {r.request.summary && <p>办结情况:{r.request.summary}</p>}
              {r.request.evidence.length > 0 && (
                <p class="muted">佐证材料 {r.request.evidence.length} 项(见任务详情)</p>
              )}
              <ReviewChain steps={r.request.steps} />
              <Decide
                r={r}
                onDone={(m) => {
                  setNotice(m);
                  reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Decide({ r, onDone }: { r: MyReview; onDone: (m: string) => void }) {
  const [reason, setReason] = useState('');
  const id = `rv-${r.request.id}`;
  const stage = r.request.stage!;
  const label = r.request.steps.find((s) => s.stage === stage)?.stageLabel ?? '审核';
  const act = useAction(async (verb: 'approve' | 'return') => {
    const body = { stage, version: r.taskVersion, ...(reason.trim() ? { reason } : {}) };
    await post(
      `/requests/${r.request.id}/review/${verb}`,
      verb === 'return' ? { ...body, reason } : body,
    );
    onDone(
      verb === 'approve'
        ? `第 ${r.taskNo} 项的办结申请已审核同意。`
        : `第 ${r.taskNo} 项的办结申请已退回重办。`,
    );
  });
  return (
    <form
      class="decide"
      noValidate
      onSubmit={(e) => e.preventDefault()}
      aria-label={`${label}:第 ${r.taskNo} 项`}
    >
      <ErrorBox error={act.error} fieldIds={{ reason: `${id}-reason` }} />
      <TextAreaField
        id={`${id}-reason`}
        label="审核意见"
        hint="退回重办时必填,说明还需要做什么"
        error={fieldError(act.error, 'reason')}
        rows={2}
        maxLength={2000}
        value={reason}
        onValue={setReason}
      />
      <div class="toolbar">
        <button type="button" disabled={act.busy} onClick={() => void act.run('approve')}>
          同意
        </button>
        <button
          type="button"
          class="danger"
          disabled={act.busy}
          onClick={() => void act.run('return')}
        >
          退回重办
        </button>
      </div>
    </form>
  );
}
