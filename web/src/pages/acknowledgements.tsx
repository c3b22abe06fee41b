import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { currentUser, get, post } from '../api';
import { SelectField, TextAreaField } from '../components/fields';
import { DepartmentOptions } from '../components/options';
import { ACK_STATE, ASSIGNMENT_ROLE, fmtDateTime } from '../labels';
import type { AckBoard, AckItem, AckRate, Department } from '../types';
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

/**
 * 签收情况: how each department acknowledges new work (on time, late, pending, returned), and the
 * assignments to follow up: returned ones first (the office insists or reassigns), then overdue
 * and pending ones.
 */
export function AcknowledgementsPage() {
  const user = currentUser()!;
  const office = user.role === 'SUPERVISOR' || user.role === 'ADMIN';
  const [notice, setNotice] = useState('');
  const board = useLoad(() => get<AckBoard>('/supervision/acknowledgements'));
  const depts = useLoad(() =>
    office ? get<Department[]>('/departments') : Promise.resolve([] as Department[]),
  );
  const done = (message: string) => {
    setNotice(message);
    board.reload();
  };
  const b = board.data;
  return (
    <>
      <PageTitle>签收情况</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <ErrorBox error={board.error} />
      {!b ? (
        <Loading what="签收情况" />
      ) : (
        <>
          <section aria-labelledby="returned">
            <h2 id="returned">退回待处理({b.returned.length})</h2>
            {b.returned.length === 0 ? (
              <p class="muted">没有待处理的退回。</p>
            ) : (
              <ul class="cards">
                {b.returned.map((i) => (
                  <ItemCard key={`${i.taskId}-${i.departmentId}`} i={i}>
                    {office && <Decide i={i} departments={depts.data ?? []} onDone={done} />}
                  </ItemCard>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="overdue">
            <h2 id="overdue">逾期未签收({b.overdue.length})</h2>
            {b.overdue.length === 0 ? (
              <p class="muted">没有逾期未签收的任务。</p>
            ) : (
              <ul class="cards">
                {b.overdue.map((i) => (
                  <ItemCard key={`${i.taskId}-${i.departmentId}`} i={i} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="pending">
            <h2 id="pending">待签收({b.pending.length})</h2>
            {b.pending.length === 0 ? (
              <p class="muted">没有待签收的任务。</p>
            ) : (
              <ul class="cards">
                {b.pending.map((i) => (
                  <ItemCard key={`${i.taskId}-${i.departmentId}`} i={i} />
                ))}
              </ul>
            )}
          </section>
          <Rates rates={b.rates} />
        </>
      )}
    </>
  );
}

function Rates({ rates }: { rates: AckRate[] }) {
  return (
    <section aria-labelledby="rates">
      <h2 id="rates">各部门签收率</h2>
      {rates.length === 0 ? (
        <p class="muted">暂无交办任务。</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">各部门签收情况,按按时签收率从低到高</caption>
            <thead>
              <tr>
                <th scope="col">部门</th>
                <th scope="col">交办</th>
                <th scope="col">按时签收</th>
                <th scope="col">超时签收</th>
                <th scope="col">待签收</th>
                <th scope="col">其中逾期</th>
                <th scope="col">退回</th>
                <th scope="col">按时签收率</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((r) => (
                <tr key={r.departmentId}>
                  <th scope="row">{r.departmentName}</th>
                  <td>{r.total}</td>
                  <td>{r.onTime}</td>
                  <td>{r.late}</td>
                  <td>{r.pending}</td>
                  <td>{r.overdue}</td>
                  <td>{r.returned}</td>
                  <td>{r.onTimeRate === null ? '—' : `${r.onTimeRate}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ItemCard({ i, children }: { i: AckItem; children?: ComponentChildren }) {
  return (
    <li class={`card ${i.overdue || i.ackState === 'RETURNED' ? 'red' : ''}`}>
      <a class="card-title" href={`#/tasks/${i.taskId}`}>
        第 {i.taskNo} 项 · {i.departmentName} ·{' '}
        {i.taskText.length > 50 ? `${i.taskText.slice(0, 50)}…` : i.taskText}
      </a>
      <div class="meta">
        <Badge tone={i.role === 'LEAD' ? 'blue' : 'grey'}>{ASSIGNMENT_ROLE[i.role]}</Badge>
        <Badge tone={i.ackState === 'RETURNED' || i.overdue ? 'red' : 'yellow'}>
          {i.overdue ? '逾期未签收' : ACK_STATE[i.ackState]}
        </Badge>
        <span>{i.planTitle}</span>
        {i.ackDueOn && <span>签收时限:{i.ackDueOn}</span>}
        {i.returnedAt && <span>退回于 {fmtDateTime(i.returnedAt)}</span>}
      </div>
      {i.returnReason && <p>退回理由:{i.returnReason}</p>}
      {children}
    </li>
  );
}

/** 坚持交办 (the same department acknowledges anew) or 改派 (to another department). */
function Decide({
  i,
  departments,
  onDone,
}: {
  i: AckItem;
  departments: Department[];
  onDone: (m: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [to, setTo] = useState('');
  const id = `ack-${i.taskId}-${i.departmentId}`;
  const base = `/tasks/${i.taskId}/returns/${i.departmentId}`;
  const act = useAction(async (verb: 'insist' | 'reassign') => {
    const body: Record<string, unknown> = reason.trim() ? { reason } : {};
    if (verb === 'reassign') {
      body[i.role === 'LEAD' ? 'leadDepartmentIds' : 'supportDepartmentIds'] = [to];
    }
    await post(`${base}/${verb}`, body);
    onDone(
      verb === 'insist'
        ? `已坚持交办第 ${i.taskNo} 项,${i.departmentName}须重新签收。`
        : `已将第 ${i.taskNo} 项改派。`,
    );
  });
  return (
    <form
      class="decide"
      noValidate
      onSubmit={(e) => e.preventDefault()}
      aria-label={`处理第 ${i.taskNo} 项的退回`}
    >
      <ErrorBox error={act.error} fieldIds={{ reason: `${id}-reason` }} />
      <TextAreaField
        id={`${id}-reason`}
        label="处理意见"
        hint="将随通知发给相关部门"
        rows={2}
        maxLength={1000}
        value={reason}
        onValue={setReason}
      />
      <SelectField
        id={`${id}-to`}
        label={`改派${ASSIGNMENT_ROLE[i.role]}单位`}
        error={fieldError(act.error, 'leadDepartmentIds')}
        value={to}
        onValue={setTo}
      >
        <option value="">(选择单位)</option>
        <DepartmentOptions departments={departments.filter((d) => d.id !== i.departmentId)} />
      </SelectField>
      <div class="toolbar">
        <button type="button" disabled={act.busy} onClick={() => void act.run('insist')}>
          坚持交办
        </button>
        <button
          type="button"
          class="secondary"
          disabled={act.busy || !to}
          onClick={() => void act.run('reassign')}
        >
          改派
        </button>
      </div>
    </form>
  );
}
