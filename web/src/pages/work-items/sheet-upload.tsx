import { useState } from 'preact/hooks';
import { api, download } from '../../api';
import { FileField } from '../../components/fields';
import { ErrorBox, useAction } from '../../ui';
import { SOURCE, type SheetPreview, type WorkCreated } from './work-types';

/**
 * Bulk entry: download the template, upload the filled file for a preview (each problem with its
 * row number and column), then import everything at once (nothing if any row is wrong).
 */
export function SheetUpload({ onDone }: { onDone: (created: WorkCreated[]) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const send = (mode: 'preview' | 'commit') => {
    const form = new FormData();
    form.append('mode', mode);
    if (file) form.append('file', file, file.name);
    return form;
  };
  const template = useAction(() => download('/work-items/sheet/template', '督办事项模板.xlsx'));
  const check = useAction(async () => {
    setPreview(null);
    setPreview(await api<SheetPreview>('POST', '/work-items/sheet', send('preview')));
  });
  const commit = useAction(async () => {
    onDone(await api<WorkCreated[]>('POST', '/work-items/sheet', send('commit')));
    setPreview(null);
  });
  const items = preview?.containers.reduce((n, c) => n + c.items.length, 0) ?? 0;
  return (
    <>
      <p>
        <button
          type="button"
          class="secondary"
          disabled={template.busy}
          onClick={() => void template.run()}
        >
          下载 Excel 模板
        </button>
      </p>
      <ErrorBox error={template.error} />
      <FileField
        id="sheet-file"
        label="填好的模板(.xlsx)"
        accept=".xlsx"
        onFiles={(f) => {
          setFile(f?.[0] ?? null);
          setPreview(null);
        }}
      />
      <div class="toolbar">
        <button type="button" disabled={!file || check.busy} onClick={() => void check.run()}>
          检查表格
        </button>
        {preview && preview.problems.length === 0 && items > 0 && (
          <button type="button" disabled={commit.busy} onClick={() => void commit.run()}>
            导入全部 {items} 项
          </button>
        )}
      </div>
      <ErrorBox error={check.error ?? commit.error} />
      {preview && preview.problems.length > 0 && (
        <div class="alert error" role="alert">
          <p>
            <strong>表格有 {preview.problems.length} 处需要修改,改正后重新上传:</strong>
          </p>
          <ul>
            {preview.problems.map((p) => (
              <li key={`${p.row}-${p.column}`}>
                第 {p.row} 行“{p.column}”:{p.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {preview && preview.problems.length === 0 && (
        <div class="table-wrap">
          <table>
            <caption>
              将导入 {preview.containers.length} 件、{items} 项
            </caption>
            <thead>
              <tr>
                <th scope="col">行</th>
                <th scope="col">来源</th>
                <th scope="col">件</th>
                <th scope="col">事项</th>
                <th scope="col">牵头单位</th>
                <th scope="col">时限</th>
              </tr>
            </thead>
            <tbody>
              {preview.containers.flatMap((c) =>
                c.items.map((i) => (
                  <tr key={i.row}>
                    <td>{i.row}</td>
                    <td>{SOURCE[c.source]}</td>
                    <td>{c.title}</td>
                    <td>{i.text}</td>
                    <td>{i.lead.join('、')}</td>
                    <td>{i.dueOn ?? '长期'}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
