import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { toggled } from '../collections';
import { InputField, SelectField } from '../components/fields';
import { REGION_LEVEL } from '../labels';
import type { DeriveResult, PlanListItem, Region, RegionLevel } from '../types';
import {
  ActionForm,
  ErrorBox,
  Loading,
  PageTitle,
  StatusMessage,
  fieldError,
  useAction,
  useLoad,
} from '../ui';
import { CascadeWizard } from './cascade-wizard';

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
        <CascadeWizard
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
          <InputField
            id={ids.code}
            label="地区代码"
            hint="行政区划代码,6 至 12 位数字,如 320100"
            error={fieldError(create.error, 'code')}
            required
            inputMode="numeric"
            value={code}
            onValue={setCode}
          />
          <InputField
            id={ids.name}
            label="地区名称"
            error={fieldError(create.error, 'name')}
            required
            value={name}
            onValue={setName}
          />
          <SelectField
            id={ids.level}
            label="层级"
            error={fieldError(create.error, 'level')}
            required
            value={level}
            onValue={(v) => setLevel(v as RegionLevel)}
          >
            <option value="CITY">{REGION_LEVEL.CITY}</option>
            <option value="COUNTY">{REGION_LEVEL.COUNTY}</option>
            <option value="PROVINCE">{REGION_LEVEL.PROVINCE}</option>
          </SelectField>
          <SelectField
            id={ids.parentId}
            label="上级地区"
            hint="不选即直属本级"
            error={fieldError(create.error, 'parentId')}
            value={parentId}
            onValue={setParentId}
          >
            <option value="">(直属本级)</option>
            {regions.map(({ r, depth }) => (
              <option key={r.id} value={r.id}>
                {' '.repeat(depth * 2)}
                {r.name}
              </option>
            ))}
          </SelectField>
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
                    onChange={(e) => setPicked(toggled(picked, r.id, e.currentTarget.checked))}
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
