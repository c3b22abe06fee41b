import { useEffect, useState } from 'preact/hooks';
import { get, put } from '../api';
import type { PlanPolicy, PlanSummary, PolicyChange } from '../types';
import { ErrorBox, Loading, PageTitle, StatusMessage, fieldError, useAction, useLoad } from '../ui';
import { InputField, SelectField, toNumber } from '../components/fields';
import { PlanOptions } from '../components/options';

/** A plan's reminder, quiet-hours, escalation and reporting policy. */
export function PolicyPage() {
  const plans = useLoad(() => get<PlanSummary[]>('/plans'));
  const [chosen, setChosen] = useState('');
  // The newest plan until the administrator picks another.
  const planId = chosen || plans.data?.[0]?.id || '';
  return (
    <>
      <PageTitle>提醒与督办策略</PageTitle>
      <ErrorBox error={plans.error} />
      <SelectField id="po-plan" label="方案" value={planId} onValue={setChosen}>
        <PlanOptions plans={plans.data ?? []} />
      </SelectField>
      {plans.data?.length === 0 && <p class="muted">尚未导入方案。</p>}
      {planId && <PolicyForm key={planId} planId={planId} />}
    </>
  );
}

type Num = (p: PlanPolicy) => number;
type Cadence = PlanPolicy['reporting']['cadence'];
const NUMBERS: {
  id: string;
  field: string;
  label: string;
  hint: string;
  get: Num;
  set: (p: PlanPolicy, v: number) => PlanPolicy;
}[] = [
  {
    id: 'sendHour',
    field: 'sendHour',
    label: '提醒发送时间(时)',
    hint: '0–23,北京时间',
    get: (p) => p.sendHour,
    set: (p, v) => ({ ...p, sendHour: v }),
  },
  {
    id: 'urgingAfter',
    field: 'escalation.urgingAfter',
    label: '逾期几个工作日后催办',
    hint: '发给牵头单位联络员和负责人',
    get: (p) => p.escalation.urgingAfter,
    set: (p, v) => ({ ...p, escalation: { ...p.escalation, urgingAfter: v } }),
  },
  {
    id: 'supervisionAfter',
    field: 'escalation.supervisionAfter',
    label: '逾期几个工作日后发督办单(黄牌)',
    hint: '',
    get: (p) => p.escalation.supervisionAfter,
    set: (p, v) => ({ ...p, escalation: { ...p.escalation, supervisionAfter: v } }),
  },
  {
    id: 'redCardAfter',
    field: 'escalation.redCardAfter',
    label: '逾期几个工作日后红牌警示',
    hint: '',
    get: (p) => p.escalation.redCardAfter,
    set: (p, v) => ({ ...p, escalation: { ...p.escalation, redCardAfter: v } }),
  },
  {
    id: 'gapPercent',
    field: 'lagging.gapPercent',
    label: '落后序时进度多少个百分点算滞后',
    hint: '',
    get: (p) => p.lagging.gapPercent,
    set: (p, v) => ({ ...p, lagging: { ...p.lagging, gapPercent: v } }),
  },
  {
    id: 'noReport',
    field: 'lagging.noReportWorkingDays',
    label: '几个工作日未报送算滞后',
    hint: '',
    get: (p) => p.lagging.noReportWorkingDays,
    set: (p, v) => ({ ...p, lagging: { ...p.lagging, noReportWorkingDays: v } }),
  },
  {
    id: 'dueDay',
    field: 'reporting.dueDay',
    label: '定期报送日(每月几号)',
    hint: '31 表示月末',
    get: (p) => p.reporting.dueDay,
    set: (p, v) => ({ ...p, reporting: { ...p.reporting, dueDay: v } }),
  },
];

function PolicyForm({ planId }: { planId: string }) {
  const loaded = useLoad(() => get<PlanPolicy>(`/plans/${planId}/policy`), [planId]);
  const [p, setP] = useState<PlanPolicy | null>(null);
  const [offsets, setOffsets] = useState('');
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (loaded.data) {
      setP(loaded.data);
      setOffsets(loaded.data.deadlineReminders.join(', '));
    }
  }, [loaded.data]);
  const save = useAction(async () => {
    const deadlineReminders = offsets
      .split(/[,,\s]+/)
      .filter(Boolean)
      .map(Number);
    const r = await put<PolicyChange>(`/plans/${planId}/policy`, {
      ...p!,
      deadlineReminders,
    });
    setNotice(`策略已保存${r.reminders ? `;提醒已重新安排` : ''}。`);
  });
  if (loaded.error) return <ErrorBox error={loaded.error} />;
  if (!p) return <Loading what="策略" />;
  const ids: Record<string, string> = {
    deadlineReminders: 'po-offsets',
    'quietHours.start': 'po-qs',
    'quietHours.end': 'po-qe',
  };
  NUMBERS.forEach((n) => (ids[n.field] = `po-${n.id}`));
  return (
    <form
      class="panel"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <StatusMessage>{notice}</StatusMessage>
      <ErrorBox error={save.error} fieldIds={ids} />
      <div class="grid2">
        <InputField
          id="po-offsets"
          label="到期前提醒(工作日)"
          hint="用逗号分隔,例如 5, 1"
          error={fieldError(save.error, 'deadlineReminders')}
          value={offsets}
          onValue={setOffsets}
        />
        {NUMBERS.map((n) => (
          <InputField
            key={n.id}
            id={`po-${n.id}`}
            label={n.label}
            hint={n.hint || undefined}
            error={fieldError(save.error, n.field)}
            type="number"
            inputMode="numeric"
            value={n.get(p)}
            onValue={(v) => setP(n.set(p, toNumber(v)))}
          />
        ))}
        <InputField
          id="po-qs"
          label="免打扰开始"
          hint="HH:MM"
          error={fieldError(save.error, 'quietHours.start')}
          value={p.quietHours.start}
          onValue={(start) => setP({ ...p, quietHours: { ...p.quietHours, start } })}
        />
        <InputField
          id="po-qe"
          label="免打扰结束"
          hint="HH:MM"
          error={fieldError(save.error, 'quietHours.end')}
          value={p.quietHours.end}
          onValue={(end) => setP({ ...p, quietHours: { ...p.quietHours, end } })}
        />
        <SelectField
          id="po-cadence"
          label="定期报送"
          error={fieldError(save.error, 'reporting.cadence')}
          value={p.reporting.cadence}
          onValue={(v) => setP({ ...p, reporting: { ...p.reporting, cadence: v as Cadence } })}
        >
          <option value="none">不要求</option>
          <option value="monthly">每月</option>
          <option value="quarterly">每季度</option>
        </SelectField>
      </div>
      <button type="submit" disabled={save.busy}>
        保存策略
      </button>
    </form>
  );
}
