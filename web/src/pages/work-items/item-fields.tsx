import type { ApiError } from '../../api';
import { InputField, TextAreaField } from '../../components/fields';
import type { Department } from '../../types';
import { problemAt, splitUnits } from './work-types';

/** One item as typed: departments as text (names or aliases, 、-separated). */
export interface ItemDraft {
  text: string;
  lead: string;
  support: string;
  dueOn: string;
  ongoing: boolean;
}

export const emptyItem = (): ItemDraft => ({
  text: '',
  lead: '',
  support: '',
  dueOn: '',
  ongoing: false,
});

/** The item as the API takes it: the server resolves the names through the directory. */
export const itemBody = (d: ItemDraft) => ({
  text: d.text,
  lead: splitUnits(d.lead),
  support: splitUnits(d.support),
  ...(d.ongoing ? { ongoing: true } : d.dueOn ? { dueOn: d.dueOn } : {}),
});

/** The directory's names and aliases, offered while typing a unit (directory search). */
export function UnitList({ departments }: { departments: Department[] }) {
  return (
    <datalist id="unit-names">
      {departments.flatMap((d) => [
        <option key={d.id} value={d.name} />,
        ...d.aliases.map((a) => <option key={`${d.id}-${a}`} value={a} label={d.name} />),
      ])}
    </datalist>
  );
}

/**
 * The fields of one item: what to do, who leads and supports, by when (or ongoing). `field`
 * names an item's fields as the server's errors do (`text`, or `items[2].text`).
 */
export function ItemFields(props: {
  id: string;
  value: ItemDraft;
  onChange: (d: ItemDraft) => void;
  error: ApiError | null;
  field?: (name: string) => string;
  textLabel?: string;
  dueLabel?: string;
}) {
  const { id, value: d, onChange, error } = props;
  const f = props.field ?? ((n: string) => n);
  const set = (patch: Partial<ItemDraft>) => onChange({ ...d, ...patch });
  return (
    <>
      <TextAreaField
        id={`${id}-text`}
        label={props.textLabel ?? '事项内容'}
        required
        rows={3}
        value={d.text}
        error={problemAt(error, f('text'))}
        onValue={(text) => set({ text })}
      />
      <div class="grid2">
        <InputField
          id={`${id}-lead`}
          label="牵头单位"
          hint="输入单位名称或简称,多个用顿号“、”分隔"
          required
          list="unit-names"
          value={d.lead}
          error={problemAt(error, f('lead'))}
          onValue={(lead) => set({ lead })}
        />
        <InputField
          id={`${id}-support`}
          label="配合单位"
          hint="可不填;多个用顿号分隔"
          list="unit-names"
          value={d.support}
          error={problemAt(error, f('support'))}
          onValue={(support) => set({ support })}
        />
      </div>
      <div class="grid2">
        <InputField
          id={`${id}-due`}
          label={props.dueLabel ?? '办结时限'}
          type="date"
          disabled={d.ongoing}
          value={d.dueOn}
          error={problemAt(error, f('dueOn')) ?? problemAt(error, f('ongoing'))}
          onValue={(dueOn) => set({ dueOn })}
        />
        <label class="check">
          <input
            id={`${id}-ongoing`}
            type="checkbox"
            checked={d.ongoing}
            onChange={(e) => set({ ongoing: e.currentTarget.checked, dueOn: '' })}
          />{' '}
          长期事项(无办结时限,按周期报送进展)
        </label>
      </div>
    </>
  );
}
