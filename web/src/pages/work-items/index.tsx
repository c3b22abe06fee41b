import { useState } from 'preact/hooks';
import { get } from '../../api';
import type { Department } from '../../types';
import { PageTitle, StatusMessage, useLoad } from '../../ui';
import { UnitList } from './item-fields';
import { MeetingForm } from './meeting-form';
import { SheetUpload } from './sheet-upload';
import { InstructionForm, MatterForm, SingleForm } from './source-forms';
import { SOURCE, type WorkCreated, type WorkUnit } from './work-types';

const TABS = [
  ['single', '单项督办'],
  ['instruction', '领导批示件'],
  ['meeting', '会议议定事项'],
  ['matter', '上级交办·建议·提案'],
  ['sheet', 'Excel 批量录入'],
] as const;
type Tab = (typeof TABS)[number][0];

/** The office's page for new work: one form per source, and the Excel template. */
export function NewWorkPage() {
  const [tab, setTab] = useState<Tab>('single');
  const [created, setCreated] = useState<WorkCreated[]>([]);
  const departments = useLoad(() => get<Department[]>('/departments'));
  const leaders = useLoad(() => get<WorkUnit[]>('/work-items/leaders'));
  const done = (w: WorkCreated | WorkCreated[]) => setCreated(Array.isArray(w) ? w : [w]);
  const tasks = created.reduce((n, w) => n + w.taskIds.length, 0);
  return (
    <>
      <PageTitle>新建督办事项</PageTitle>
      <StatusMessage>
        {created.length > 0 &&
          `已交办 ${created.length} 件(${created.map((w) => SOURCE[w.source]).join('、')}),共 ${tasks} 项,承办单位将收到交办通知。`}
      </StatusMessage>
      {created.length > 0 && (
        <ul>
          {created.flatMap((w) =>
            w.taskIds.map((id, i) => (
              <li key={id}>
                <a href={`#/tasks/${id}`}>
                  查看{SOURCE[w.source]}第 {i + 1} 项
                </a>
              </li>
            )),
          )}
        </ul>
      )}
      <div class="toolbar" role="group" aria-label="事项来源">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            class={tab === id ? '' : 'secondary'}
            aria-pressed={tab === id}
            onClick={() => {
              setTab(id);
              setCreated([]);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <UnitList departments={departments.data ?? []} />
      <section class="panel" aria-label={TABS.find((t) => t[0] === tab)![1]}>
        {tab === 'single' && <SingleForm onDone={done} />}
        {tab === 'instruction' && <InstructionForm leaders={leaders.data ?? []} onDone={done} />}
        {tab === 'meeting' && <MeetingForm onDone={done} />}
        {tab === 'matter' && <MatterForm onDone={done} />}
        {tab === 'sheet' && <SheetUpload onDone={done} />}
      </section>
    </>
  );
}
