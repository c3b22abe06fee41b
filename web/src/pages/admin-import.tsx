import { useState } from 'preact/hooks';
import { api } from '../api';
import { FileField, InputField, TextAreaField } from '../components/fields';
import type { ImportPreview, ImportResult } from '../types';
import {
  ActionForm,
  Badge,
  ErrorBox,
  PageTitle,
  StatusMessage,
  fieldError,
  useAction,
} from '../ui';
import { correctsUnits, importForm, type UnitChoice, type UnitEdit } from './import/import-form';
import { PreviewItems } from './import/preview-items';
import { UnitChoiceField } from './import/unit-choice-field';

/** Plan import: upload or paste, preview what would be created, correct units and items, commit. */
export function ImportPage() {
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [defaultDueOn, setDefaultDueOn] = useState('');
  const [createUnknown, setCreateUnknown] = useState(false);
  const [choices, setChoices] = useState<Record<string, UnitChoice>>({});
  const [skipped, setSkipped] = useState<Set<number>>(new Set());
  /** Items needing review that the administrator confirmed as read. */
  const [confirmed, setConfirmed] = useState<Set<number>>(new Set());
  const [unitEdits, setUnitEdits] = useState<Record<number, UnitEdit>>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const form = (mode: 'preview' | 'commit') =>
    importForm(mode, {
      text,
      file,
      defaultDueOn,
      createUnknown,
      choices,
      skipped,
      confirmed,
      unitEdits,
    });

  const previewAct = useAction(async () => {
    setResult(null);
    const p = await api<ImportPreview>('POST', '/plans/import', form('preview'));
    // Confirmations belong to one reading: another document starts its review afresh.
    if (p.contentHash !== preview?.contentHash) {
      setConfirmed(new Set());
      setUnitEdits({});
    }
    setPreview(p);
  });
  const commitAct = useAction(async () => {
    const r = await api<ImportResult>('POST', '/plans/import', form('commit'));
    setResult(r);
    setPreview(null);
  });

  const unresolved = createUnknown
    ? []
    : (preview?.unknownUnits ?? []).filter((u) => (choices[u]?.mode ?? 'none') === 'none');
  // Items still to look at: neither confirmed, nor corrected, nor left out.
  const unconfirmed = (preview?.reviewItems ?? []).filter(
    (no) => !skipped.has(no) && !confirmed.has(no) && !correctsUnits(unitEdits[no]),
  );
  const fieldIds = { text: 'im-text', file: 'im-file', defaultDueOn: 'im-due' };
  return (
    <>
      <PageTitle>方案导入</PageTitle>
      <StatusMessage>
        {result &&
          `导入完成:${result.created ? '新建方案' : '方案已更新'}(第 ${result.version} 版),${result.counts.items} 项任务,${result.counts.assignments} 个承办关系,新增单位 ${result.counts.newUnits} 个,待发提醒 ${result.reminders.pending} 条。`}
      </StatusMessage>
      <section class="panel" aria-labelledby="src-h">
        <h2 id="src-h">1. 选择方案</h2>
        <ActionForm action={previewAct} fieldIds={fieldIds}>
          <FileField
            id="im-file"
            label="上传方案文件"
            hint="支持 .txt(UTF-8 或 GBK)、Word(.docx)、Excel(.xlsx)、PDF(含文字,扫描件无法读取),不超过 20 MB;上传文件后将忽略下方粘贴的正文"
            error={fieldError(previewAct.error, 'file')}
            accept=".txt,.docx,.xlsx,.pdf,text/plain,application/pdf"
            onFiles={(files) => setFile(files?.[0] ?? null)}
          />
          <TextAreaField
            id="im-text"
            label="或粘贴方案正文"
            error={fieldError(previewAct.error, 'text')}
            rows={6}
            value={text}
            onValue={setText}
          />
          <InputField
            id="im-due"
            label="默认完成时限"
            hint="原文未写时限的事项使用此日期;不填则视为持续推进"
            error={fieldError(previewAct.error, 'defaultDueOn')}
            type="date"
            value={defaultDueOn}
            onValue={setDefaultDueOn}
          />
          <button type="submit" disabled={previewAct.busy}>
            {previewAct.busy ? '正在识别……' : '预览'}
          </button>
        </ActionForm>
      </section>

      {preview && (
        <section class="panel" aria-labelledby="pv-h">
          <h2 id="pv-h">2. 核对预览</h2>
          <dl class="facts">
            <dt>标题</dt>
            <dd>{preview.title}</dd>
            <dt>文号</dt>
            <dd>{preview.documentNumber ?? '未识别'}</dd>
            <dt>识别结果</dt>
            <dd>
              {preview.counts.chapters} 章、{preview.counts.sections} 节、{preview.counts.items}{' '}
              项任务、
              {preview.counts.assignments} 个承办关系、{preview.counts.units} 个单位
            </dd>
            {preview.existingPlanId && (
              <>
                <dt>提示</dt>
                <dd>该文件已经导入过,再次导入不会有任何变化。</dd>
              </>
            )}
            {preview.revisionOf && preview.diff && (
              <>
                <dt>修订</dt>
                <dd>
                  这是已导入方案的新版本:新增 {preview.diff.added.length} 项,变更{' '}
                  {preview.diff.changed.length} 项,删除 {preview.diff.removed.length} 项
                </dd>
              </>
            )}
          </dl>
          {preview.warnings.length > 0 && (
            <details>
              <summary>识别提示({preview.warnings.length} 条)</summary>
              <ul>
                {preview.warnings.map((w, i) => (
                  <li key={i}>
                    第 {w.line} 行:{w.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {preview.reviewCount > 0 && (
            <fieldset aria-describedby="rv-count">
              <legend>需要人工核对的事项({preview.reviewCount} 项)</legend>
              <p>
                下列事项的识别结果依据默认规则或未能识别的内容,已排在最前并标出原因。请逐项核对:无误的勾选“确认无误”,有误的更正牵头和配合单位(更正即视为已核对)。
              </p>
              <p id="rv-count" role="status">
                {unconfirmed.length > 0 ? (
                  <Badge tone="yellow">尚有 {unconfirmed.length} 项未确认</Badge>
                ) : (
                  <Badge tone="green">已全部核对</Badge>
                )}
              </p>
              <div class="toolbar">
                <button
                  type="button"
                  class="secondary"
                  disabled={unconfirmed.length === 0}
                  onClick={() => setConfirmed(new Set([...confirmed, ...unconfirmed]))}
                >
                  全部确认
                </button>
              </div>
            </fieldset>
          )}
          {preview.unknownUnits.length > 0 && (
            <fieldset>
              <legend>
                名录中没有的单位({preview.unknownUnits.length} 个):请对应到已有单位或新建
              </legend>
              <label class="check">
                <input
                  type="checkbox"
                  checked={createUnknown}
                  onChange={(e) => setCreateUnknown(e.currentTarget.checked)}
                />{' '}
                将下列未处理的单位全部新建为单位
              </label>
              {preview.unknownUnits.map((u) => (
                <UnitChoiceField
                  key={u}
                  unit={preview.units.find((x) => x.printed === u)}
                  printed={u}
                  value={choices[u] ?? { mode: 'none' }}
                  onChange={(c) => setChoices({ ...choices, [u]: c })}
                />
              ))}
            </fieldset>
          )}
          <PreviewItems
            items={preview.items}
            skipped={skipped}
            onSkipped={setSkipped}
            confirmed={confirmed}
            onConfirmed={setConfirmed}
            unitEdits={unitEdits}
            onUnitEdits={setUnitEdits}
          />
          <h2>3. 确认导入</h2>
          <ErrorBox error={commitAct.error} />
          {unresolved.length > 0 && (
            <p class="muted">
              还有 {unresolved.length}{' '}
              个单位未处理;处理后请重新预览,或直接确认导入以查看服务器的说明。
            </p>
          )}
          {unconfirmed.length > 0 && (
            <p id="commit-why" class="muted">
              还有 {unconfirmed.length} 项需要人工核对的事项未确认(第 {unconfirmed.join('、')}{' '}
              项):逐项勾选“确认无误”、更正其单位或选择不导入,或点击“全部确认”后才能导入。
            </p>
          )}
          <div class="toolbar">
            <button
              type="button"
              class="secondary"
              disabled={previewAct.busy}
              onClick={() => void previewAct.run()}
            >
              按更正重新预览
            </button>
            <button
              type="button"
              disabled={commitAct.busy || unconfirmed.length > 0}
              aria-describedby={unconfirmed.length > 0 ? 'commit-why' : undefined}
              onClick={() => void commitAct.run()}
            >
              {commitAct.busy ? '正在导入……' : '确认导入'}
            </button>
          </div>
        </section>
      )}
    </>
  );
}
