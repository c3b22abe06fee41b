import { useState } from 'preact/hooks';
import { post } from '../api';
import { fieldError, useAction } from '../ui';
import { TextAreaField } from './fields';

/**
 * 签收 and 退回 of one task by the caller's department: one click to acknowledge; a return asks
 * for the reason in a small dialog first.
 */
export function AckActions({
  taskId,
  label,
  onDone,
}: {
  taskId: string;
  /** How the task is named in messages (第 N 项). */
  label: string;
  onDone: (message: string) => void;
}) {
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const ack = useAction(async () => {
    await post(`/tasks/${taskId}/acknowledge`);
    onDone(`已签收${label}。`);
  });
  const ret = useAction(async () => {
    await post(`/tasks/${taskId}/return`, { reason });
    setReturning(false);
    onDone(`已退回${label},等待督查室处理。`);
  });
  const id = `ret-${taskId}`;
  return (
    <div class="ack-actions">
      {ack.error && (
        <p class="error" role="alert">
          {ack.error.message}
        </p>
      )}
      <div class="toolbar">
        <button type="button" disabled={ack.busy} onClick={() => void ack.run()}>
          签收
        </button>
        <button
          type="button"
          class="secondary"
          aria-expanded={returning}
          aria-controls={id}
          onClick={() => setReturning(!returning)}
        >
          退回
        </button>
      </div>
      {returning && (
        <form
          id={id}
          role="dialog"
          aria-label={`退回${label}`}
          class="decide"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void ret.run();
          }}
        >
          {ret.error && (
            <p class="error" role="alert">
              {ret.error.message}
            </p>
          )}
          <TextAreaField
            id={`${id}-reason`}
            label="退回理由"
            hint="说明为什么不属于本部门职责,以及建议由哪个部门承办"
            required
            error={fieldError(ret.error, 'reason')}
            rows={3}
            maxLength={1000}
            value={reason}
            onValue={setReason}
          />
          <div class="toolbar">
            <button type="submit" class="danger" disabled={ret.busy || !reason.trim()}>
              确认退回
            </button>
            <button type="button" class="secondary" onClick={() => setReturning(false)}>
              取消
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
