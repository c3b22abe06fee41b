import { useState } from 'preact/hooks';
import { get, post, put } from '../api';
import { fmtDateTime } from '../labels';
import type { CalendarChange, CalendarDay, CalendarYear, CalendarYearSummary } from '../types';
import {
  ActionForm,
  Badge,
  ErrorBox,
  Loading,
  PageTitle,
  StatusMessage,
  fieldError,
  useAction,
  useLoad,
} from '../ui';
import { TextAreaField } from '../components/fields';

const KIND = { HOLIDAY: '休', MAKEUP_WORKDAY: '班' } as const;

/** Working-day calendar: holidays and make-up working days per year (the State Council notice). */
export function CalendarPage() {
  const years = useLoad(() => get<CalendarYearSummary[]>('/calendar/years'));
  const [year, setYear] = useState<number | null>(null);
  const [notice, setNotice] = useState('');
  const reload = useAction(async () => {
    await post('/calendar/reload');
    setNotice('已重新载入工作日历。');
  });
  return (
    <>
      <PageTitle>工作日历</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <ErrorBox error={years.error ?? reload.error} />
      {years.loading && !years.data ? (
        <Loading what="日历" />
      ) : (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">年份</th>
                <th scope="col">状态</th>
                <th scope="col">节假日</th>
                <th scope="col">调休上班</th>
                <th scope="col">来源 / 更新</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {(years.data ?? []).map((y) => (
                <tr key={y.year}>
                  <th scope="row" data-label="年份">
                    {y.year}
                  </th>
                  <td data-label="状态">
                    {y.provisional ? (
                      <Badge tone="yellow">暂定</Badge>
                    ) : (
                      <Badge tone="green">已公布</Badge>
                    )}
                  </td>
                  <td data-label="节假日">{y.holidays} 天</td>
                  <td data-label="调休上班">{y.makeupWorkdays} 天</td>
                  <td data-label="来源">
                    {y.source ?? '人工维护'} {y.updatedAt ? `· ${fmtDateTime(y.updatedAt)}` : ''}
                  </td>
                  <td data-label="操作">
                    <button type="button" class="secondary small" onClick={() => setYear(y.year)}>
                      编辑 {y.year}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="toolbar">
        <button
          type="button"
          class="secondary"
          disabled={reload.busy}
          onClick={() => void reload.run()}
        >
          从数据库重新载入
        </button>
      </div>
      {year !== null && (
        <YearEditor
          key={year}
          year={year}
          onDone={(m) => {
            setNotice(m);
            setYear(null);
            years.reload();
          }}
        />
      )}
    </>
  );
}

const toLines = (days: CalendarDay[]) =>
  days.map((d) => `${d.date} ${KIND[d.kind]}${d.name ? ` ${d.name}` : ''}`).join('\n');

/** "2026-10-01 休 国庆节" per line → days; a line that does not read is reported by number. */
function parseLines(text: string): { days: CalendarDay[]; bad: number[] } {
  const days: CalendarDay[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    const t = line.trim();
    if (!t) return;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(休|班)(?:\s+(.+))?$/.exec(t);
    if (!m) bad.push(i + 1);
    else
      days.push({
        date: m[1]!,
        kind: m[2] === '休' ? 'HOLIDAY' : 'MAKEUP_WORKDAY',
        name: m[3] ?? null,
      });
  });
  return { days, bad };
}

function YearEditor({ year, onDone }: { year: number; onDone: (m: string) => void }) {
  const data = useLoad(() => get<CalendarYear>(`/calendar/years/${year}`), [year]);
  const [text, setText] = useState<string | null>(null);
  const [provisional, setProvisional] = useState<boolean | null>(null);
  const [lineError, setLineError] = useState('');
  const save = useAction(async () => {
    const { days, bad } = parseLines(text ?? toLines(data.data?.days ?? []));
    if (bad.length) {
      setLineError(`第 ${bad.join('、')} 行格式不对,应为“2026-10-01 休 国庆节”或“2026-10-11 班”`);
      return;
    }
    setLineError('');
    const r = await put<CalendarChange>(`/calendar/years/${year}`, {
      provisional: provisional ?? data.data?.provisional ?? true,
      days,
    });
    onDone(
      `${year} 年日历已保存;重新安排提醒 ${r.moved.reminders} 条、督办 ${r.moved.escalations} 条。`,
    );
  });
  if (data.error) return <ErrorBox error={data.error} />;
  if (!data.data) return <Loading what={`${year} 年日历`} />;
  return (
    <section class="panel" aria-labelledby="ye-h">
      <h2 id="ye-h">编辑 {year} 年</h2>
      <ActionForm action={save} fieldIds={{ days: 'ye-days' }}>
        <label class="check">
          <input
            type="checkbox"
            checked={provisional ?? data.data.provisional}
            onChange={(e) => setProvisional(e.currentTarget.checked)}
          />{' '}
          暂定(国务院办公厅放假通知尚未发布)
        </label>
        <TextAreaField
          id="ye-days"
          label="节假日与调休"
          hint="每行一天:日期、“休”或“班”、名称(可省),例如“2026-10-01 休 国庆节”。保存后替换该年全部数据。"
          error={lineError || fieldError(save.error, 'days')}
          rows={12}
          class="mono"
          value={text ?? toLines(data.data.days)}
          onValue={setText}
        />
        <button type="submit" disabled={save.busy}>
          保存
        </button>
      </ActionForm>
    </section>
  );
}
