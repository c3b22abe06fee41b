import { useState } from 'preact/hooks';
import { api, post } from '../../api';
import { FileField, InputField, SelectField } from '../../components/fields';
import { ActionForm, useAction } from '../../ui';
import { emptyItem, itemBody, ItemFields, type ItemDraft } from './item-fields';
import { problemAt, type WorkCreated, type WorkUnit } from './work-types';

/** A fresh token per form: a double click sends it twice and the server creates the work once. */
const newRequestId = () => crypto.randomUUID();

type Done = (w: WorkCreated) => void;

/** 单项督办: one item. */
export function SingleForm({ onDone }: { onDone: Done }) {
  const [item, setItem] = useState<ItemDraft>(emptyItem());
  const [title, setTitle] = useState('');
  const [requestId, setRequestId] = useState(newRequestId());
  const action = useAction(async () => {
    onDone(
      await post<WorkCreated>('/work-items/single', {
        ...itemBody(item),
        ...(title ? { title } : {}),
        requestId,
      }),
    );
    setItem(emptyItem());
    setTitle('');
    setRequestId(newRequestId());
  });
  return (
    <ActionForm action={action}>
      <InputField
        id="single-title"
        label="简称"
        hint="可不填,默认取事项内容的开头"
        value={title}
        onValue={setTitle}
      />
      <ItemFields id="single" value={item} onChange={setItem} error={action.error} />
      <button type="submit" disabled={action.busy}>
        交办
      </button>
    </ActionForm>
  );
}

/** 领导批示件: the instruction, the leader, its date, the document it was written on. */
export function InstructionForm({ leaders, onDone }: { leaders: WorkUnit[]; onDone: Done }) {
  const [item, setItem] = useState<ItemDraft>(emptyItem());
  const [meta, setMeta] = useState({ leaderId: '', issuedOn: '', documentNumber: '', title: '' });
  const [file, setFile] = useState<File | null>(null);
  const [requestId, setRequestId] = useState(newRequestId());
  const action = useAction(async () => {
    const form = new FormData();
    const body = itemBody(item);
    form.append('text', body.text);
    body.lead.forEach((u) => form.append('lead', u));
    body.support.forEach((u) => form.append('support', u));
    if ('dueOn' in body) form.append('dueOn', body.dueOn);
    if ('ongoing' in body) form.append('ongoing', 'true');
    for (const [k, v] of Object.entries(meta)) if (v) form.append(k, v);
    form.append('requestId', requestId);
    if (file) form.append('document', file, file.name);
    onDone(await api<WorkCreated>('POST', '/work-items/instruction', form));
    setItem(emptyItem());
    setFile(null);
    setRequestId(newRequestId());
  });
  const set = (patch: Partial<typeof meta>) => setMeta({ ...meta, ...patch });
  return (
    <ActionForm action={action}>
      <div class="grid2">
        <SelectField
          id="ins-leader"
          label="批示领导"
          required
          value={meta.leaderId}
          error={problemAt(action.error, 'leaderId')}
          onValue={(leaderId) => set({ leaderId })}
        >
          <option value="">(请选择)</option>
          {leaders.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </SelectField>
        <InputField
          id="ins-date"
          label="批示日期"
          type="date"
          required
          value={meta.issuedOn}
          error={problemAt(action.error, 'issuedOn')}
          onValue={(issuedOn) => set({ issuedOn })}
        />
        <InputField
          id="ins-number"
          label="文号"
          hint="可不填"
          value={meta.documentNumber}
          onValue={(documentNumber) => set({ documentNumber })}
        />
        <InputField
          id="ins-title"
          label="标题"
          hint="可不填,默认取批示内容的开头"
          value={meta.title}
          onValue={(title) => set({ title })}
        />
      </div>
      <FileField
        id="ins-document"
        label="批示原件"
        hint="PDF、图片或 Word 文件,不超过 10 MB"
        accept=".pdf,.png,.jpg,.jpeg,.docx"
        error={problemAt(action.error, 'document')}
        onFiles={(files) => setFile(files?.[0] ?? null)}
      />
      <ItemFields
        id="ins"
        value={item}
        onChange={setItem}
        error={action.error}
        textLabel="批示内容"
      />
      <button type="submit" disabled={action.busy}>
        交办
      </button>
    </ActionForm>
  );
}

const MATTER_SOURCES = [
  ['HIGHER', '上级交办', '交办文号'],
  ['NPC_PROPOSAL', '人大建议', '建议号'],
  ['CPPCC_PROPOSAL', '政协提案', '提案号'],
] as const;

/** 上级交办 / 人大建议 / 政协提案: the reference number and the reply deadline. */
export function MatterForm({ onDone }: { onDone: Done }) {
  const [source, setSource] = useState<(typeof MATTER_SOURCES)[number][0]>('HIGHER');
  const [documentNumber, setNumber] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const [item, setItem] = useState<ItemDraft>(emptyItem());
  const [requestId, setRequestId] = useState(newRequestId());
  const numberLabel = MATTER_SOURCES.find((m) => m[0] === source)![2];
  const action = useAction(async () => {
    onDone(
      await post<WorkCreated>('/work-items/matter', {
        ...itemBody(item),
        source,
        documentNumber,
        ...(issuedOn ? { issuedOn } : {}),
        requestId,
      }),
    );
    setItem(emptyItem());
    setNumber('');
    setRequestId(newRequestId());
  });
  return (
    <ActionForm action={action}>
      <div class="grid2">
        <SelectField
          id="matter-source"
          label="来源"
          required
          value={source}
          onValue={(v) => setSource(v as typeof source)}
        >
          {MATTER_SOURCES.map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </SelectField>
        <InputField
          id="matter-number"
          label={numberLabel}
          required
          value={documentNumber}
          error={problemAt(action.error, 'documentNumber')}
          onValue={setNumber}
        />
        <InputField
          id="matter-date"
          label="收到日期"
          type="date"
          hint="可不填"
          value={issuedOn}
          onValue={setIssuedOn}
        />
      </div>
      <p class="hint">办结时须附上答复(答复函、链接或答复内容),答复即办结佐证。</p>
      <ItemFields
        id="matter"
        value={item}
        onChange={setItem}
        error={action.error}
        dueLabel="答复时限"
      />
      <button type="submit" disabled={action.busy}>
        交办
      </button>
    </ActionForm>
  );
}
