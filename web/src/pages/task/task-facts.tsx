import { ACK_STATE, ASSIGNMENT_ROLE, LEVEL, WORK_SOURCE, dueText, fmtDateTime } from '../../labels';
import type { TaskDetail } from '../../types';
import { Badge } from '../../ui';

/** The task itself: its text, plan and chapter, deadline, progress, leaders, units and escalations. */
export function TaskFacts({ t }: { t: TaskDetail }) {
  return (
    <section class="panel">
      <p class="task-text">{t.text}</p>
      <dl class="facts">
        <dt>来源</dt>
        <dd>{WORK_SOURCE[t.plan.source]}</dd>
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
                {fmtDateTime(a.lastReportAt)}{' '}
                <Badge
                  tone={
                    a.ackState === 'ACKNOWLEDGED'
                      ? 'green'
                      : a.ackState === 'RETURNED'
                        ? 'red'
                        : 'yellow'
                  }
                >
                  {ACK_STATE[a.ackState]}
                </Badge>
                {a.ackState === 'PENDING' && a.ackDueOn ? `(签收时限 ${a.ackDueOn})` : ''}
                {a.ackState === 'ACKNOWLEDGED' && a.ackedAt
                  ? `(${fmtDateTime(a.ackedAt)}签收)`
                  : ''}
                {a.ackState === 'RETURNED' ? `(退回理由:${a.returnReason ?? ''})` : ''}
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
                    <Badge tone={e.level === 'RED_CARD' ? 'red' : 'yellow'}>{LEVEL[e.level]}</Badge>{' '}
                    {e.noticeNo ?? ''} {fmtDateTime(e.triggeredAt)}(时限 {e.dueOn})
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
