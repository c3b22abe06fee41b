import { useEffect, useRef, useState } from 'preact/hooks';
import { currentUser, get, post, raw } from '../api';
import {
  ASSIGNMENT_ROLE,
  CHILD_STATE,
  CHILD_STATE_TONE,
  LEVEL,
  REQUEST_KIND,
  REQUEST_STATUS,
  TASK_STATUS,
  dueText,
  fmtDateTime,
  tone,
} from '../labels';
import type { ChildState, RequestResult, TaskDetail, TaskRequest, TaskRollup } from '../types';
import {
  Badge,
  ErrorBox,
  Field,
  Loading,
  PageTitle,
  StatusMessage,
  fieldError,
  useAction,
  useLoad,
} from '../ui';

const OPEN = new Set(['ASSIGNED', 'IN_PROGRESS']);

interface AuditEvent {
  id: string;
  at: string;
  actor: { name: string } | null;
  action: string;
  before: unknown;
  after: unknown;
}

const ACTION: Record<string, string> = {
  'progress.reported': '报送进展',
  'task.status_changed': '状态变更',
  'task.deadline_extended': '延长时限',
  'assignment.sub_deadline_set': '设定配合时限',
  'escalation.lagging': '进度滞后预警',
  'escalation.supervision.manual': '下发督办单',
  'access.denied': '越权访问被拒绝',
};

export function TaskPage({ id }: { id: string }) {
  const user = currentUser()!;
  const [notice, setNotice] = useState('');
  const task = useLoad(() => get<TaskDetail>(`/tasks/${id}`), [id]);
  const requests = useLoad(() => get<TaskRequest[]>(`/tasks/${id}/requests`), [id]);
  const office = user.role === 'SUPERVISOR' || user.role === 'ADMIN';
  const reload = (msg: string) => {
    setNotice(msg);
    task.reload();
    requests.reload();
  };
  if (task.error) {
    return (
      <>
        <PageTitle>任务详情</PageTitle>
        <ErrorBox error={task.error} />
      </>
    );
  }
  const t = task.data;
  if (!t) return <Loading what="任务" />;
  const mine = t.assignments.find((a) => a.departmentId === user.department?.id);
  const pending = (requests.data ?? []).some((r) => r.status === 'PENDING');
  return (
    <>
      <p class="crumbs">
        <a href={office || user.role === 'LEADER' ? '#/board' : '#/tasks'}>← 返回</a>
      </p>
      <PageTitle>
        第 {t.no} 项任务 <Badge tone={tone(t)}>{TASK_STATUS[t.status]}</Badge>
      </PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <section class="panel">
        <p class="task-text">{t.text}</p>
        <dl class="facts">
          <dt>所属方案</dt>
          <dd>
            {t.plan.title}
            {t.plan.documentNumber ? `(${t.plan.documentNumber})` : ''}
          </dd>
          {t.chapter && (
            <>
              <dt>章节</dt>
              <dd>
                {t.chapter}
                {t.section ? ` / ${t.section}` : ''}
              </dd>
            </>
          )}
          <dt>完成时限</dt>
          <dd>{dueText(t)}</dd>
          <dt>牵头单位进度</dt>
          <dd>
            <progress max={100} value={t.percent} aria-label="牵头单位进度" /> {t.percent}%
          </dd>
          {t.leaders.length > 0 && (
            <>
              <dt>分管领导</dt>
              <dd>{t.leaders.join('、')}</dd>
            </>
          )}
          <dt>承办单位</dt>
          <dd>
            <ul class="plain">
              {t.assignments.map((a) => (
                <li key={a.id}>
                  {ASSIGNMENT_ROLE[a.role]}:{a.department},进度 {a.percent}%,上次报送{' '}
                  {fmtDateTime(a.lastReportAt)}
                </li>
              ))}
            </ul>
          </dd>
          {t.escalations.length > 0 && (
            <>
              <dt>督办记录</dt>
              <dd>
                <ul class="plain">
                  {t.escalations.map((e) => (
                    <li key={`${e.level}-${e.triggeredAt}`}>
                      <Badge tone={e.level === 'RED_CARD' ? 'red' : 'yellow'}>
                        {LEVEL[e.level]}
                      </Badge>{' '}
                      {e.noticeNo ?? ''} {fmtDateTime(e.triggeredAt)}(时限 {e.dueOn})
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      </section>

      {office && <IssueNotice t={t} onDone={reload} />}
      {(office || user.role === 'LEADER') && <Rollup taskId={t.id} />}

      {mine && OPEN.has(t.status) && (
        <ReportForm
          taskId={t.id}
          version={mine.reportVersion}
          percent={mine.percent}
          onDone={reload}
        />
      )}
      {mine && OPEN.has(t.status) && !pending && (
        <RequestForms t={t} lead={mine.role === 'LEAD'} onDone={reload} />
      )}

      <section aria-labelledby="reqs">
        <h2 id="reqs">申请记录</h2>
        {requests.error ? (
          <ErrorBox error={requests.error} />
        ) : (requests.data ?? []).length === 0 ? (
          <p class="muted">暂无申请。</p>
        ) : (
          <ul class="cards">
            {requests.data!.map((r) => (
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
                {r.decisionReason && <p class="muted">审批意见:{r.decisionReason}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="reports">
        <h2 id="reports">进展报送(最近 20 次)</h2>
        {t.reports.length === 0 ? (
          <p class="muted">尚未报送进展。</p>
        ) : (
          <ol class="timeline">
            {t.reports.map((r) => (
              <li key={r.id}>
                <p class="meta">
                  <strong>{r.department}</strong>({ASSIGNMENT_ROLE[r.role]})· {r.author} ·{' '}
                  {fmtDateTime(r.createdAt)} · {r.percent}%
                </p>
                <p class="narrative">{r.narrative}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
      {office && <History id={t.id} />}
    </>
  );
}

function ReportForm(props: {
  taskId: string;
  version: number;
  percent: number;
  onDone: (m: string) => void;
}) {
  const [percent, setPercent] = useState(String(props.percent));
  const [narrative, setNarrative] = useState('');
  const { busy, error, run } = useAction(async () => {
    await post(`/tasks/${props.taskId}/reports`, {
      percent: percent.trim() === '' ? NaN : Number(percent),
      narrative,
      version: props.version,
    });
    setNarrative('');
    props.onDone('进展已报送。');
  });
  return (
    <section class="panel" aria-labelledby="report-h">
      <h2 id="report-h">报送进展</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <ErrorBox error={error} fieldIds={{ percent: 'r-percent', narrative: 'r-narrative' }} />
        <Field
          id="r-percent"
          label="完成进度(%)"
          hint="0 到 100 的整数"
          error={fieldError(error, 'percent')}
          required
        >
          {(a) => (
            <input
              {...a}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              value={percent}
              onInput={(e) => setPercent(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field
          id="r-narrative"
          label="进展情况"
          hint="做了什么、取得什么成效、下一步安排(最多 2000 字)。佐证材料请在申请办结时上传。"
          error={fieldError(error, 'narrative')}
          required
        >
          {(a) => (
            <textarea
              {...a}
              rows={5}
              maxLength={2000}
              value={narrative}
              onInput={(e) => setNarrative(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? '正在提交……' : '提交进展'}
        </button>
      </form>
    </section>
  );
}

type Kind = 'closure' | 'extension' | 'dispute';

function RequestForms({
  t,
  lead,
  onDone,
}: {
  t: TaskDetail;
  lead: boolean;
  onDone: (m: string) => void;
}) {
  const kinds: Kind[] = lead ? ['closure', 'extension', 'dispute'] : ['dispute'];
  const [kind, setKind] = useState<Kind | null>(null);
  return (
    <section class="panel" aria-labelledby="req-h">
      <h2 id="req-h">提出申请</h2>
      <div class="filters" role="group" aria-label="申请类型">
        {kinds.map((k) => (
          <button
            key={k}
            type="button"
            class={kind === k ? 'chip active' : 'chip'}
            aria-pressed={kind === k}
            onClick={() => setKind(kind === k ? null : k)}
          >
            {REQUEST_KIND[k.toUpperCase() as 'CLOSURE']}
          </button>
        ))}
      </div>
      {kind && (
        <RequestForm
          key={kind}
          kind={kind}
          t={t}
          onDone={(m) => {
            setKind(null);
            onDone(m);
          }}
        />
      )}
    </section>
  );
}

function RequestForm({
  kind,
  t,
  onDone,
}: {
  kind: Kind;
  t: TaskDetail;
  onDone: (m: string) => void;
}) {
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const [links, setLinks] = useState('');
  const [due, setDue] = useState('');
  const [files, setFiles] = useState<FileList | null>(null);
  const { busy, error, run } = useAction(async () => {
    if (kind === 'closure') {
      const form = new FormData();
      form.append('summary', summary);
      if (reason.trim()) form.append('reason', reason);
      form.append('version', String(t.version));
      for (const l of links.split(/\s+/).filter(Boolean)) form.append('links', l);
      for (const f of Array.from(files ?? [])) form.append('files', f, f.name);
      await raw('POST', `/tasks/${t.id}/requests/closure`, form);
    } else if (kind === 'extension') {
      await post<RequestResult>(`/tasks/${t.id}/requests/extension`, {
        reason,
        proposedDueOn: due,
        version: t.version,
      });
    } else {
      await post<RequestResult>(`/tasks/${t.id}/requests/dispute`, { reason, version: t.version });
    }
    onDone(`${REQUEST_KIND[kind.toUpperCase() as 'CLOSURE']}已提交,等待督查室审批。`);
  });
  const ids = {
    summary: 'q-summary',
    reason: 'q-reason',
    links: 'q-links',
    proposedDueOn: 'q-due',
    files: 'q-files',
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <ErrorBox error={error} fieldIds={ids} />
      {kind === 'closure' && (
        <>
          <Field
            id="q-summary"
            label="办结情况"
            hint="做了什么、达到了什么目标"
            error={fieldError(error, 'summary')}
            required
          >
            {(a) => (
              <textarea
                {...a}
                rows={4}
                maxLength={4000}
                value={summary}
                onInput={(e) => setSummary(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field
            id="q-links"
            label="佐证链接"
            hint="以 http:// 或 https:// 开头,每行一个,最多 10 个"
            error={fieldError(error, 'links')}
          >
            {(a) => (
              <textarea
                {...a}
                rows={2}
                value={links}
                onInput={(e) => setLinks(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field
            id="q-files"
            label="佐证文件"
            hint="PDF、图片、Word 或 Excel,每个不超过 10 MB,最多 5 个"
            error={fieldError(error, 'files')}
          >
            {(a) => (
              <input
                {...a}
                type="file"
                multiple
                accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
                onChange={(e) => setFiles(e.currentTarget.files)}
              />
            )}
          </Field>
        </>
      )}
      {kind === 'extension' && (
        <Field
          id="q-due"
          label="申请延至"
          hint={`现时限 ${t.dueOn ?? '无'}`}
          error={fieldError(error, 'proposedDueOn')}
          required
        >
          {(a) => (
            <input {...a} type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} />
          )}
        </Field>
      )}
      <Field
        id="q-reason"
        label={kind === 'closure' ? '补充说明' : kind === 'extension' ? '延期理由' : '异议理由'}
        hint={kind === 'dispute' ? '为何本单位不应承担该任务' : undefined}
        error={fieldError(error, 'reason')}
        required={kind !== 'closure'}
      >
        {(a) => (
          <textarea
            {...a}
            rows={3}
            maxLength={2000}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? '正在提交……' : `提交${REQUEST_KIND[kind.toUpperCase() as 'CLOSURE']}`}
      </button>
    </form>
  );
}

function History({ id }: { id: string }) {
  const { data, error } = useLoad(() => get<AuditEvent[]>(`/tasks/${id}/history`), [id]);
  return (
    <section aria-labelledby="hist">
      <h2 id="hist">办理记录</h2>
      <ErrorBox error={error} />
      {data && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作人</th>
                <th scope="col">事项</th>
              </tr>
            </thead>
            <tbody>
              {data.map((e) => (
                <tr key={e.id}>
                  <td>{fmtDateTime(e.at)}</td>
                  <td>{e.actor?.name ?? '系统'}</td>
                  <td>{ACTION[e.action] ?? e.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const NOTICE_STATUSES = new Set(['ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED']);

/**
 * The office issues a supervision notice (督办单) by hand, for the current deadline, after a
 * confirmation; offered while the task is open, has a deadline and no notice for it yet.
 */
function IssueNotice({ t, onDone }: { t: TaskDetail; onDone: (m: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  // Issued from this page (task and deadline): gone at once, before the reloaded task says so.
  const [issuedHere, setIssuedHere] = useState<string | null>(null);
  const key = `${t.id} ${t.dueOn}`;
  // The button pressed goes away: focus follows to the question's answer.
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const { busy, error, run } = useAction(async () => {
    const r = await post<{ noticeNo: string; recipients: number }>(
      `/tasks/${t.id}/supervision-notice`,
    );
    setIssuedHere(key);
    onDone(`已下发督办单 ${r.noticeNo},已通知 ${r.recipients} 人`);
  });
  const issued = t.escalations.some(
    (e) => e.dueOn === t.dueOn && (e.level === 'SUPERVISION' || e.level === 'RED_CARD'),
  );
  if (!t.dueOn || !NOTICE_STATUSES.has(t.status) || issued || issuedHere === key) return null;
  return (
    <section aria-labelledby="notice-h" class="panel">
      <h2 id="notice-h">督办</h2>
      <ErrorBox error={error} />
      {confirming ? (
        <div class="toolbar" role="group" aria-label="确认下发督办单">
          <p id="notice-confirm">
            将为完成时限 {t.dueOn} 下发督办单,并通知牵头单位联络员、负责人和督查室。确认下发?
          </p>
          <button
            type="button"
            ref={confirmRef}
            disabled={busy}
            aria-describedby="notice-confirm"
            onClick={() => void run()}
          >
            确认下发
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            取消
          </button>
        </div>
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          下发督办单
        </button>
      )}
    </section>
  );
}

const STATE_ORDER = Object.keys(CHILD_STATE) as ChildState[];

/** The regions' tasks below this one (a cascaded plan), worst first; each links to its own page. */
function Rollup({ taskId }: { taskId: string }) {
  const roll = useLoad(() => get<TaskRollup>(`/tasks/${taskId}/rollup?limit=200`), [taskId]);
  if (roll.error) return <ErrorBox error={roll.error} />;
  const r = roll.data;
  if (!r || r.counts.total === 0) return null;
  return (
    <section aria-labelledby="rollup-h">
      <h2 id="rollup-h">下级地区办理情况</h2>
      <ul class="tags" aria-label="按状态统计">
        <li>共 {r.counts.total} 个地区</li>
        {STATE_ORDER.filter((s) => r.counts[s] > 0).map((s) => (
          <li key={s}>
            {CHILD_STATE[s]} {r.counts[s]}
          </li>
        ))}
      </ul>
      <ul class="cards">
        {r.children.map((c) => (
          <li key={c.taskId} class={`card ${CHILD_STATE_TONE[c.state]}`}>
            <h3 class="card-title">
              <a href={`#/tasks/${c.taskId}`}>
                {c.regionName ?? '下级地区'} 第 {c.no} 项
              </a>{' '}
              <Badge tone={CHILD_STATE_TONE[c.state]}>{CHILD_STATE[c.state]}</Badge>
            </h3>
            <p>
              时限 {c.dueOn ?? '持续推进'} · 进度 {c.percent}% · 牵头{' '}
              {c.leadDepartments.join('、') || '—'}
            </p>
            <p class="muted">
              最近报送 {fmtDateTime(c.lastReportAt)}
              {c.childCount > 0 ? ` · 再下级 ${c.childCount} 个地区` : ''}
            </p>
          </li>
        ))}
      </ul>
      {r.children.length < r.counts.total && (
        <p class="muted">仅列出最需关注的 {r.children.length} 个地区。</p>
      )}
    </section>
  );
}
