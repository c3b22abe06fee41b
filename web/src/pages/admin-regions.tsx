import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { ASSIGNMENT_ROLE, REGION_LEVEL, fmtDateTime } from '../labels';
import type {
  CascadePreview,
  CascadeResult,
  DeriveResult,
  PlanListItem,
  Region,
  RegionLevel,
} from '../types';
import {
  ActionForm,
  Badge,
  ErrorBox,
  Field,
  Loading,
  PageTitle,
  StatusMessage,
  fieldError,
  useAction,
  useLoad,
} from '../ui';

/** Regions in tree order (each after its parent), with their depth for the indent. */
export function treeOrder(regions: Region[]): { r: Region; depth: number }[] {
  const ids = new Set(regions.map((r) => r.id));
  const below = new Map<string | null, Region[]>();
  for (const r of regions) {
    const key = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    below.set(key, [...(below.get(key) ?? []), r]);
  }
  const out: { r: Region; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const r of (below.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

const planLabel = (p: PlanListItem) =>
  `${p.documentNumber ? `${p.documentNumber} ` : ''}${p.title}${p.publishedAt ? '' : '(草稿)'}`;

/** Regions below the office, their departments derived by name, and the cascade of a plan. */
export function RegionsPage() {
  const regions = useLoad(() => get<Region[]>('/regions'));
  const plans = useLoad(() => get<PlanListItem[]>('/plans'));
  const [notice, setNotice] = useState('');
  const list = regions.data ?? [];
  const rows = treeOrder(list);
  return (
    <>
      <PageTitle>地区与分解</PageTitle>
      <StatusMessage>{notice}</StatusMessage>
      <NewRegion regions={rows} onDone={(m) => (setNotice(m), regions.reload())} />
      <RegionList
        rows={rows}
        loading={regions.loading && !regions.data}
        error={regions.error}
        onDone={(m) => (setNotice(m), regions.reload())}
      />
      {plans.data && regions.data && (
        <Cascade
          plans={plans.data}
          regions={list}
          onDone={(m) => (setNotice(m), plans.reload(), regions.reload())}
        />
      )}
      <ErrorBox error={plans.error} />
    </>
  );
}

function NewRegion({
  regions,
  onDone,
}: {
  regions: { r: Region; depth: number }[];
  onDone: (m: string) => void;
}) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [level, setLevel] = useState<RegionLevel>('CITY');
  const [parentId, setParentId] = useState('');
  const create = useAction(async () => {
    const r = await post<Region>('/regions', {
      code,
      name,
      level,
      ...(parentId ? { parentId } : {}),
    });
    setCode('');
    setName('');
    onDone(`已新增地区“${r.name}”。`);
  });
  const ids = { code: 'rg-code', name: 'rg-name', level: 'rg-level', parentId: 'rg-parent' };
  return (
    <section class="panel" aria-labelledby="new-region">
      <h2 id="new-region">新增地区</h2>
      <ActionForm action={create} fieldIds={ids}>
        <div class="grid2">
          <Field
            id={ids.code}
            label="地区代码"
            hint="行政区划代码,6 至 12 位数字,如 320100"
            error={fieldError(create.error, 'code')}
            required
          >
            {(a) => (
              <input
                {...a}
                inputMode="numeric"
                value={code}
                onInput={(e) => setCode(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field id={ids.name} label="地区名称" error={fieldError(create.error, 'name')} required>
            {(a) => <input {...a} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <Field id={ids.level} label="层级" error={fieldError(create.error, 'level')} required>
            {(a) => (
              <select
                {...a}
                value={level}
                onChange={(e) => setLevel(e.currentTarget.value as RegionLevel)}
              >
                <option value="CITY">{REGION_LEVEL.CITY}</option>
                <option value="COUNTY">{REGION_LEVEL.COUNTY}</option>
                <option value="PROVINCE">{REGION_LEVEL.PROVINCE}</option>
              </select>
            )}
          </Field>
          <Field
            id={ids.parentId}
            label="上级地区"
            hint="不选即直属本级"
            error={fieldError(create.error, 'parentId')}
          >
            {(a) => (
              <select {...a} value={parentId} onChange={(e) => setParentId(e.currentTarget.value)}>
                <option value="">(直属本级)</option>
                {regions.map(({ r, depth }) => (
                  <option key={r.id} value={r.id}>
                    {' '.repeat(depth * 2)}
                    {r.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <button type="submit" disabled={create.busy}>
          新增地区
        </button>
      </ActionForm>
    </section>
  );
}

function RegionList({
  rows,
  loading,
  error,
  onDone,
}: {
  rows: { r: Region; depth: number }[];
  loading: boolean;
  error?: Parameters<typeof ErrorBox>[0]['error'];
  onDone: (m: string) => void;
}) {
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<DeriveResult | null>(null);
  const derive = useAction(async () => {
    const r = await post<DeriveResult>('/regions/counterparts/derive', {
      regionIds: [...picked],
    });
    setResult(r);
    onDone(`已为 ${r.regions} 个地区新建对应部门 ${r.created} 个,建立对应关系 ${r.linked} 条。`);
  });
  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };
  return (
    <section aria-labelledby="region-list">
      <h2 id="region-list">地区({rows.length})</h2>
      <ErrorBox error={error} />
      {loading ? (
        <Loading what="地区" />
      ) : rows.length === 0 ? (
        <p class="muted">尚未建立地区。</p>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void derive.run();
          }}
        >
          <ul class="cards region-tree">
            {rows.map(({ r, depth }) => (
              <li key={r.id} class={`card depth-${Math.min(depth, 3)}`}>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={picked.has(r.id)}
                    onChange={(e) => toggle(r.id, e.currentTarget.checked)}
                  />{' '}
                  <strong>{r.name}</strong>
                </label>
                <p class="muted">
                  {REGION_LEVEL[r.level]} · 代码 {r.code} · 部门 {r.departmentCount} 个
                </p>
              </li>
            ))}
          </ul>
          <ErrorBox error={derive.error} />
          <div class="toolbar">
            <button type="submit" class="secondary" disabled={derive.busy || picked.size === 0}>
              生成所选地区的对应部门({picked.size})
            </button>
          </div>
        </form>
      )}
      {result && (
        <div class="panel" aria-labelledby="derive-result">
          <h3 id="derive-result">生成结果</h3>
          <p>
            新建部门 {result.created} 个,对应关系 {result.linked} 条。
          </p>
          {result.unmapped.length === 0 ? (
            <p>所有上级部门均已找到对应部门。</p>
          ) : (
            <ul>
              {result.unmapped.map((u) => (
                <li key={u.regionId}>
                  {u.regionName}未找到对应部门:{u.departments.join('、')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function Cascade({
  plans,
  regions,
  onDone,
}: {
  plans: PlanListItem[];
  regions: Region[];
  onDone: (m: string) => void;
}) {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const [planId, setPlanId] = useState(
    () => (plans.find((p) => !p.regionId && p.publishedAt) ?? plans[0])?.id ?? '',
  );
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [omit, setOmit] = useState(false);
  const [draft, setDraft] = useState(false);
  const [preview, setPreview] = useState<CascadePreview | null>(null);
  const [result, setResult] = useState<CascadeResult | null>(null);
  const plan = plans.find((p) => p.id === planId);
  // The regions directly below the plan's level.
  const below = regions
    .filter((r) => (r.parentId ?? null) === (plan?.regionId ?? null))
    .sort((a, b) => a.code.localeCompare(b.code));
  const children = plans.filter((p) => p.parentPlanId === planId);
  const body = (mode: 'preview' | 'commit') => ({
    mode,
    regionIds: [...picked],
    omitUnmappedSupport: omit,
    publish: !draft,
  });
  const act = useAction(async (mode: 'preview' | 'commit') => {
    if (mode === 'preview') {
      setResult(null);
      setPreview(await post<CascadePreview>(`/plans/${planId}/cascade`, body(mode)));
      return;
    }
    const r = await post<CascadeResult>(`/plans/${planId}/cascade`, body(mode));
    setResult(r);
    setPreview(null);
    onDone(
      `分解完成:新建下级方案 ${r.childPlans.created} 个,任务 ${r.tasks} 项,交办 ${r.assignments} 个单位。`,
    );
  });
  const publish = useAction(async (id: string, title: string) => {
    await post(`/plans/${id}/publish`);
    onDone(`已发布方案“${title}”。`);
  });
  const reset = () => (setPreview(null), setResult(null));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
    reset();
  };
  return (
    <section class="panel" aria-labelledby="cascade-h">
      <h2 id="cascade-h">方案分解到下级地区</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act.run('preview');
        }}
      >
        <ErrorBox error={act.error} fieldIds={{ regionIds: 'cs-regions' }} />
        <Field id="cs-plan" label="方案" required>
          {(a) => (
            <select
              {...a}
              value={planId}
              onChange={(e) => (setPlanId(e.currentTarget.value), setPicked(new Set()), reset())}
            >
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.regionId ? `〔${byId.get(p.regionId)?.name ?? '下级'}〕` : ''}
                  {planLabel(p)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset
          id="cs-regions"
          tabIndex={-1}
          aria-invalid={fieldError(act.error, 'regionIds') ? 'true' : undefined}
        >
          <legend>分解到(直属下级地区)</legend>
          {fieldError(act.error, 'regionIds') && (
            <p class="field-error">{fieldError(act.error, 'regionIds')}</p>
          )}
          {below.length === 0 ? (
            <p class="muted">该方案所在层级下没有地区,请先新增地区。</p>
          ) : (
            below.map((r) => (
              <label class="check" key={r.id}>
                <input
                  type="checkbox"
                  checked={picked.has(r.id)}
                  onChange={(e) => toggle(r.id, e.currentTarget.checked)}
                />{' '}
                {r.name}(部门 {r.departmentCount} 个)
              </label>
            ))
          )}
        </fieldset>
        <label class="check">
          <input
            type="checkbox"
            checked={omit}
            onChange={(e) => (setOmit(e.currentTarget.checked), reset())}
          />{' '}
          配合单位无对应部门时不分解给该单位
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={draft}
            onChange={(e) => (setDraft(e.currentTarget.checked), reset())}
          />{' '}
          作为草稿(下级方案发布前不发提醒)
        </label>
        <div class="toolbar">
          <button type="submit" class="secondary" disabled={act.busy || !planId}>
            预览
          </button>
          {preview && (
            <button
              type="button"
              disabled={act.busy || preview.blocked}
              onClick={() => void act.run('commit')}
            >
              确认分解
            </button>
          )}
        </div>
      </form>
      {preview && <PreviewView preview={preview} omit={omit} />}
      {result && (
        <div class="alert ok" aria-labelledby="cascade-done">
          <h3 id="cascade-done">分解结果</h3>
          <p>
            下级方案:新建 {result.childPlans.created} 个,共 {result.childPlans.total} 个;新建任务{' '}
            {result.tasks} 项,交办单位 {result.assignments} 个;提醒 {result.reminders.pending} 条
            {result.omittedSupport > 0 ? `;未分解的配合单位 ${result.omittedSupport} 个` : ''}。
          </p>
        </div>
      )}
      <h3>下级方案({children.length})</h3>
      <ErrorBox error={publish.error} />
      {children.length === 0 ? (
        <p class="muted">该方案尚未分解。</p>
      ) : (
        <ul class="cards">
          {children.map((p) => (
            <li class="card" key={p.id}>
              <h4 class="card-title">
                {p.title} {p.publishedAt ? <Badge tone="green">已发布</Badge> : <Badge>草稿</Badge>}
              </h4>
              <p class="muted">
                任务 {p.taskCount} 项{p.publishedAt ? `,发布于 ${fmtDateTime(p.publishedAt)}` : ''}
              </p>
              {!p.publishedAt && (
                <button
                  type="button"
                  class="small"
                  disabled={publish.busy}
                  onClick={() => void publish.run(p.id, p.title)}
                >
                  发布<span class="sr-only">{p.title}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PreviewView({ preview, omit }: { preview: CascadePreview; omit: boolean }) {
  return (
    <div aria-labelledby="cascade-preview">
      <h3 id="cascade-preview">分解预览</h3>
      {preview.blocked && (
        <p class="alert error">
          有单位在下级地区没有对应部门,暂不能分解:
          {omit
            ? '请为牵头单位补建对应部门。'
            : '请补建对应部门,或勾选“配合单位无对应部门时不分解给该单位”。'}
        </p>
      )}
      <ul class="cards">
        {preview.regions.map((r) => (
          <li
            key={r.regionId}
            class={`card${r.unmapped.some((u) => u.role === 'LEAD') ? ' red' : ''}`}
          >
            <h4 class="card-title">{r.regionName}</h4>
            <p>
              将新建任务 {r.newTasks} 项{r.childPlanId ? '(已有下级方案,补充分解)' : ''}
            </p>
            {r.unmapped.length > 0 && (
              <>
                <p>无对应部门的单位:</p>
                <ul>
                  {r.unmapped.map((u) => (
                    <li key={u.departmentId}>
                      {u.departmentName}({ASSIGNMENT_ROLE[u.role]},第 {u.items.join('、')} 项)
                      {u.role === 'LEAD' ? (
                        <Badge tone="red">牵头单位,须补建</Badge>
                      ) : omit ? (
                        <Badge>不分解给该单位</Badge>
                      ) : (
                        <Badge tone="yellow">须补建或选择不分解</Badge>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
