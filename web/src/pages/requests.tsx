import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { REQUEST_KIND, REQUEST_STATUS, fmtDateTime } from '../labels';
import type { Department, RequestKind, RequestStatus, TaskDetail, TaskRequest } from '../types';
import {
  Badge,
  ErrorBox,
  Loading,
  PageTitle,
  StatusMessage,
  fieldError,
  useAction,
  useLoad,
} from '../ui';
import { SelectField, TextAreaField } from '../components/fields';
import { DepartmentOptions } from '../components/options';
import { ReviewChain } from './task/review-chain';

interface Row extends TaskRequest {
  task: Pick<TaskDetail, 'no' | 'text' | 'dueOn'> | null;
}

/** The office's queue of closure, extension and dispute requests, with the decisions. */
export function Requests() {
  const [status, setStatus] = useState<RequestStatus>('PENDING');
  const [kind, setKind] = useState<RequestKind | ''>('');
  const [notice, setNotice] = useState('');
  const depts = useLoad(() => get<Department[]>('/departments'));
  const { data, error, loading, reload } = useLoad(async () => {
    const qs = new URLSearchParams({ status, ...(kind ? { kind } : {}) });
    const list = await get<TaskRequest[]>(`/requests?${qs}`);
    const ids = [...new Set(list.map((r) => r.taskId))].slice(0, 100);
    const tasks = new Map(
      await Promise.all(
        ids.map(
          async (id) => [id, await get<TaskDetail>(`/tasks/${id}`).catch(() => null)] as const,
        ),
      ),
    );
    return list.map((r): Row => ({ ...r, task: tasks.get(r.taskId) ?? null }));
  }, [status, kind]);
  const deptName = (id: string) => depts.data?.find((d) => d.id === id)?.name ?? '';
  return (
    <>
      <PageTitle>申请审批</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <form class="filters-form" onSubmit={(e) => e.preventDefault()} aria-label="筛选">
        <SelectField
          id="rq-status"
          label="状态"
          value={status}
          onValue={(v) => setStatus(v as RequestStatus)}
        >
          {(Object.keys(REQUEST_STATUS) as RequestStatus[]).map((s) => (
            <option key={s} value={s}>
              {REQUEST_STATUS[s]}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="rq-kind"
          label="类型"
          value={kind}
          onValue={(v) => setKind(v as RequestKind | '')}
        >
          <option value="">全部类型</option>
          {(Object.keys(REQUEST_KIND) as RequestKind[]).map((k) => (
            <option key={k} value={k}>
              {REQUEST_KIND[k]}
            </option>
          ))}
        </SelectField>
      </form>
      <ErrorBox error={error} />
      {loading && !data ? (
        <Loading what="申请" />
      ) : (data ?? []).length === 0 ? (
        <p class="muted">没有{REQUEST_STATUS[status]}的申请。</p>
      ) : (
        <ul class="cards">
          {data!.map((r) => (
            <li key={r.id} class="card">
              <h2 class="card-title">
                <a href={`#/tasks/${r.taskId}`}>
                  第 {r.task?.no ?? '?'} 项 · {REQUEST_KIND[r.kind]} · {deptName(r.departmentId)}
                </a>
              </h2>
              <div class="meta">
                <Badge tone="blue">{REQUEST_KIND[r.kind]}</Badge>
                <Badge
                  tone={
                    r.status === 'PENDING' ? 'yellow' : r.status === 'APPROVED' ? 'green' : 'red'
                  }
                >
                  {REQUEST_STATUS[r.status]}
                </Badge>
                <span>提交于 {fmtDateTime(r.requestedAt)}</span>
                {r.task?.dueOn && <span>现时限 {r.task.dueOn}</span>}
                {r.proposedDueOn && <span>申请延至 {r.proposedDueOn}</span>}
              </div>
              {r.task && <p class="muted">{r.task.text}</p>}
              {r.summary && <p>办结情况:{r.summary}</p>}
              <p>
                {r.kind === 'CLOSURE' ? '补充说明' : '理由'}:{r.reason || '—'}
              </p>
              {r.evidence.length > 0 && (
                <ul class="plain">
                  {r.evidence.map((e) => (
                    <li key={e.id}>
                      佐证:
                      {e.kind === 'LINK' ? (
                        <a href={e.url!} target="_blank" rel="noopener noreferrer">
                          {e.url}
                        </a>
                      ) : (
                        `${e.fileName}(${Math.ceil((e.size ?? 0) / 1024)} KB)`
                      )}
                    </li>
                  ))}
                </ul>
              )}
              <ReviewChain steps={r.steps} />
              {r.decisionReason && <p class="muted">审批意见:{r.decisionReason}</p>}
              {r.status === 'PENDING' && r.kind === 'CLOSURE' && r.stage !== 'OFFICE' && (
                <p class="muted">
                  等待“{r.steps.find((s) => s.stage === r.stage)?.stageLabel ?? '其他环节'}”。
                </p>
              )}
              {r.status === 'PENDING' && (r.kind !== 'CLOSURE' || r.stage === 'OFFICE') && (
                <Decide
                  r={r}
                  depts={depts.data ?? []}
                  onDone={(m) => {
                    setNotice(m);
                    reload();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Decide({
  r,
  depts,
  onDone,
}: {
  r: Row;
  depts: Department[];
  onDone: (m: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [lead, setLead] = useState('');
  const id = `d-${r.id}`;
  const act = useAction(async (verb: 'approve' | 'reject' | 'uphold' | 'reassign') => {
    const body: Record<string, unknown> = reason.trim() ? { reason } : {};
    if (verb === 'reject') body.reason = reason;
    if (verb === 'reassign') body.leadDepartmentIds = lead ? [lead] : [];
    await post(`/requests/${r.id}/${verb}`, body);
    const done = {
      approve: '已同意',
      reject: '已退回',
      uphold: '已维持原交办',
      reassign: '已改派',
    }[verb];
    onDone(`第 ${r.task?.no ?? ''} 项的${REQUEST_KIND[r.kind]}${done}。`);
  });
  return (
    <form
      class="decide"
      noValidate
      onSubmit={(e) => e.preventDefault()}
      aria-label={`审批第 ${r.task?.no ?? ''} 项的${REQUEST_KIND[r.kind]}`}
    >
      <ErrorBox error={act.error} fieldIds={{ reason: `${id}-reason` }} />
      <TextAreaField
        id={`${id}-reason`}
        label="审批意见"
        hint={r.kind === 'DISPUTE' ? '维持或改派的理由' : '退回时必填,说明需要补充或改正的内容'}
        error={fieldError(act.error, 'reason')}
        rows={2}
        maxLength={2000}
        value={reason}
        onValue={setReason}
      />
      {r.kind === 'DISPUTE' && (
        <SelectField
          id={`${id}-lead`}
          label="改派牵头单位"
          error={fieldError(act.error, 'leadDepartmentIds')}
          value={lead}
          onValue={setLead}
        >
          <option value="">(选择单位)</option>
          <DepartmentOptions departments={depts} />
        </SelectField>
      )}
      <div class="toolbar">
        {r.kind === 'DISPUTE' ? (
          <>
            <button type="button" disabled={act.busy} onClick={() => void act.run('uphold')}>
              维持原交办
            </button>
            <button
              type="button"
              class="secondary"
              disabled={act.busy || !lead}
              onClick={() => void act.run('reassign')}
            >
              改派
            </button>
          </>
        ) : (
          <>
            <button type="button" disabled={act.busy} onClick={() => void act.run('approve')}>
              {r.kind === 'CLOSURE' ? '同意办结' : '同意延期'}
            </button>
            <button
              type="button"
              class="danger"
              disabled={act.busy}
              onClick={() => void act.run('reject')}
            >
              {r.kind === 'CLOSURE' ? '退回' : '不予同意'}
            </button>
          </>
        )}
      </div>
    </form>
  );
}
