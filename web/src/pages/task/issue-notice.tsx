import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { post } from '../../api';
import type { IssuedNotice, TaskDetail } from '../../types';
import { ErrorBox, useAction } from '../../ui';

const NOTICE_STATUSES = new Set(['ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED']);

/**
 * The office issues a supervision notice (督办单) by hand, for the current deadline, after a
 * confirmation; offered while the task is open, has a deadline and no notice for it yet.
 */
export function IssueNotice({ t, onDone }: { t: TaskDetail; onDone: (m: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  // Issued from this page (task and deadline): gone at once, before the reloaded task says so.
  const [issuedHere, setIssuedHere] = useState<string | null>(null);
  const key = `${t.id} ${t.dueOn}`;
  // The button pressed goes away: focus follows to the question's answer, in the same task as the
  // render (a layout effect), so the answer is never on screen without the focus.
  const confirmRef = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const { busy, error, run } = useAction(async () => {
    const r = await post<IssuedNotice>(`/tasks/${t.id}/supervision-notice`);
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
