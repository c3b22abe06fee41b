import { useState } from 'preact/hooks';
import { post } from '../../api';
import { InputField } from '../../components/fields';
import { ActionForm, useAction } from '../../ui';
import { emptyItem, itemBody, ItemFields, type ItemDraft } from './item-fields';
import { problemAt, type WorkCreated } from './work-types';

/** Rows a new meeting starts with; empty rows are left out when it is sent. */
const START_ROWS = 3;

/**
 * 会议议定事项: the meeting (name, date, minutes number) and its decisions entered at once, one
 * row each; all are created or none (each row's problems are shown under it).
 */
export function MeetingForm({ onDone }: { onDone: (w: WorkCreated) => void }) {
  const [meta, setMeta] = useState({ title: '', issuedOn: '', documentNumber: '' });
  const [items, setItems] = useState<ItemDraft[]>(() =>
    Array.from({ length: START_ROWS }, emptyItem),
  );
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const filled = items.filter((d) => d.text.trim() || d.lead.trim());
  const action = useAction(async () => {
    onDone(
      await post<WorkCreated>('/work-items/meeting', {
        ...meta,
        ...(meta.documentNumber ? {} : { documentNumber: undefined }),
        items: filled.map(itemBody),
        requestId,
      }),
    );
    setItems(Array.from({ length: START_ROWS }, emptyItem));
    setMeta({ title: '', issuedOn: '', documentNumber: '' });
    setRequestId(crypto.randomUUID());
  });
  const set = (patch: Partial<typeof meta>) => setMeta({ ...meta, ...patch });
  return (
    <ActionForm action={action}>
      <div class="grid2">
        <InputField
          id="meeting-title"
          label="会议名称"
          required
          value={meta.title}
          error={problemAt(action.error, 'title')}
          onValue={(title) => set({ title })}
        />
        <InputField
          id="meeting-date"
          label="会议日期"
          type="date"
          required
          value={meta.issuedOn}
          error={problemAt(action.error, 'issuedOn')}
          onValue={(issuedOn) => set({ issuedOn })}
        />
        <InputField
          id="meeting-number"
          label="纪要号"
          hint="可不填"
          value={meta.documentNumber}
          onValue={(documentNumber) => set({ documentNumber })}
        />
      </div>
      {items.map((d, i) => {
        // The server numbers the rows sent (blank ones left out): map its index back.
        const sent = filled.indexOf(d);
        return (
          <fieldset key={i}>
            <legend>议定事项 {i + 1}</legend>
            <ItemFields
              id={`decision-${i}`}
              value={d}
              onChange={(v) => setItems(items.map((x, j) => (j === i ? v : x)))}
              error={sent >= 0 ? action.error : null}
              field={(name) => `items[${sent}].${name}`}
            />
          </fieldset>
        );
      })}
      {problemAt(action.error, 'items') && !filled.length && (
        <p class="field-error">{problemAt(action.error, 'items')}</p>
      )}
      <div class="toolbar">
        <button type="button" class="secondary" onClick={() => setItems([...items, emptyItem()])}>
          再加一项
        </button>
        <button type="submit" disabled={action.busy || filled.length === 0}>
          交办全部 {filled.length} 项
        </button>
      </div>
    </ActionForm>
  );
}
