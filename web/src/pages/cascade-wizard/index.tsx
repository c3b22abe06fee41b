import { useState } from 'preact/hooks';
import { post } from '../../api';
import { toggled } from '../../collections';
import { planLabel } from '../../components/options';
import type { CascadePreview, CascadeResult, PlanListItem, Region } from '../../types';
import { ActionForm, Field, fieldError, useAction } from '../../ui';
import { CascadePreviewView } from './cascade-preview';
import { ChildPlans } from './child-plans';

/**
 * The cascade wizard: a plan, the regions directly below its level, two options; a preview of
 * what each region would get (and the units with no counterpart there), then the commit. A plan's
 * child plans follow, drafts with a publish button.
 */
export function CascadeWizard({
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
  const reset = () => (setPreview(null), setResult(null));
  const regionsError = fieldError(act.error, 'regionIds');
  return (
    <section class="panel" aria-labelledby="cascade-h">
      <h2 id="cascade-h">方案分解到下级地区</h2>
      <ActionForm
        action={{ error: act.error, run: () => act.run('preview') }}
        fieldIds={{ regionIds: 'cs-regions' }}
      >
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
                  {p.publishedAt ? '' : '(草稿)'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset id="cs-regions" tabIndex={-1} aria-invalid={regionsError ? 'true' : undefined}>
          <legend>分解到(直属下级地区)</legend>
          {regionsError && <p class="field-error">{regionsError}</p>}
          {below.length === 0 ? (
            <p class="muted">该方案所在层级下没有地区,请先新增地区。</p>
          ) : (
            below.map((r) => (
              <label class="check" key={r.id}>
                <input
                  type="checkbox"
                  checked={picked.has(r.id)}
                  onChange={(e) => (
                    setPicked(toggled(picked, r.id, e.currentTarget.checked)),
                    reset()
                  )}
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
      </ActionForm>
      {preview && <CascadePreviewView preview={preview} omit={omit} />}
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
      <ChildPlans plans={plans.filter((p) => p.parentPlanId === planId)} onDone={onDone} />
    </section>
  );
}
