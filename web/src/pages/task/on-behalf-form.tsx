import { useState } from 'preact/hooks';
import { post } from '../../api';
import { InputField, SelectField, TextAreaField, toNumber } from '../../components/fields';
import type { OnBehalfChannel, TaskDetail } from '../../types';
import { ActionForm, fieldError, useAction } from '../../ui';

const CHANNEL: Record<OnBehalfChannel, string> = {
  PHONE: '电话',
  PAPER: '纸质材料',
  OTHER: '其他方式',
};

/** Today's date in Asia/Shanghai (the business date the server checks against). */
const shanghaiToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/**
 * 代为录入报告: the office enters a report a department gave by phone or on paper. It is filed on
 * the department's report path (its version; a newer report is a conflict) and marked as entered
 * by the office in the history, the ledger and the audit trail.
 */
export function OnBehalfForm({ t, onDone }: { t: TaskDetail; onDone: (m: string) => void }) {
  const [departmentId, setDepartmentId] = useState(t.assignments[0]?.departmentId ?? '');
  const [percent, setPercent] = useState('');
  const [narrative, setNarrative] = useState('');
  const [channel, setChannel] = useState<OnBehalfChannel>('PHONE');
  const [receivedOn, setReceivedOn] = useState(shanghaiToday());
  const assignment = t.assignments.find((a) => a.departmentId === departmentId);
  const action = useAction(async () => {
    await post(`/tasks/${t.id}/reports/on-behalf`, {
      departmentId,
      percent: toNumber(percent),
      narrative,
      channel,
      receivedOn,
      version: assignment?.reportVersion ?? 0,
    });
    setNarrative('');
    onDone(`已代${assignment?.department ?? '部门'}录入进展报告。`);
  });
  return (
    <details class="panel">
      <summary>
        <h2 id="onbehalf-h" style="display:inline">
          代为录入报告
        </h2>
      </summary>
      <ActionForm
        action={action}
        fieldIds={{
          departmentId: 'ob-dept',
          percent: 'ob-percent',
          narrative: 'ob-narrative',
          receivedOn: 'ob-received',
        }}
      >
        <SelectField
          id="ob-dept"
          label="报送单位"
          error={fieldError(action.error, 'departmentId')}
          value={departmentId}
          onValue={setDepartmentId}
        >
          {t.assignments.map((a) => (
            <option key={a.departmentId} value={a.departmentId}>
              {a.department}({a.role === 'LEAD' ? '牵头' : '配合'})
            </option>
          ))}
        </SelectField>
        <SelectField
          id="ob-channel"
          label="报送方式"
          value={channel}
          onValue={(v) => setChannel(v as OnBehalfChannel)}
        >
          {(Object.keys(CHANNEL) as OnBehalfChannel[]).map((c) => (
            <option key={c} value={c}>
              {CHANNEL[c]}
            </option>
          ))}
        </SelectField>
        <InputField
          id="ob-received"
          label="收到日期"
          error={fieldError(action.error, 'receivedOn')}
          required
          type="date"
          value={receivedOn}
          onValue={setReceivedOn}
        />
        <InputField
          id="ob-percent"
          label="完成进度(%)"
          hint="0 到 100 的整数"
          error={fieldError(action.error, 'percent')}
          required
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          value={percent}
          onValue={setPercent}
        />
        <TextAreaField
          id="ob-narrative"
          label="进展情况"
          hint="按部门报送的内容录入(最多 2000 字)"
          error={fieldError(action.error, 'narrative')}
          required
          rows={4}
          maxLength={2000}
          value={narrative}
          onValue={setNarrative}
        />
        <button type="submit" disabled={action.busy}>
          {action.busy ? '正在提交……' : '代为录入'}
        </button>
      </ActionForm>
    </details>
  );
}
