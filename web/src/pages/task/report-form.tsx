import { useState } from 'preact/hooks';
import { post } from '../../api';
import { InputField, TextAreaField, toNumber } from '../../components/fields';
import { ActionForm, fieldError, useAction } from '../../ui';

/** A department's progress report on the task (percent and narrative), sent with its version. */
export function ReportForm(props: {
  taskId: string;
  version: number;
  percent: number;
  onDone: (m: string) => void;
}) {
  const [percent, setPercent] = useState(String(props.percent));
  const [narrative, setNarrative] = useState('');
  const action = useAction(async () => {
    await post(`/tasks/${props.taskId}/reports`, {
      percent: toNumber(percent),
      narrative,
      version: props.version,
    });
    setNarrative('');
    props.onDone('进展已报送。');
  });
  const { busy, error } = action;
  return (
    <section class="panel" aria-labelledby="report-h">
      <h2 id="report-h">报送进展</h2>
      <ActionForm action={action} fieldIds={{ percent: 'r-percent', narrative: 'r-narrative' }}>
        <InputField
          id="r-percent"
          label="完成进度(%)"
          hint="0 到 100 的整数"
          error={fieldError(error, 'percent')}
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
          id="r-narrative"
          label="进展情况"
          hint="做了什么、取得什么成效、下一步安排(最多 2000 字)。佐证材料请在申请办结时上传。"
          error={fieldError(error, 'narrative')}
          required
          rows={5}
          maxLength={2000}
          value={narrative}
          onValue={setNarrative}
        />
        <button type="submit" disabled={busy}>
          {busy ? '正在提交……' : '提交进展'}
        </button>
      </ActionForm>
    </section>
  );
}
