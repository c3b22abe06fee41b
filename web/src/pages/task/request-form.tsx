import { useState } from 'preact/hooks';
import { post, raw } from '../../api';
import { FileField, InputField, TextAreaField } from '../../components/fields';
import type { RequestResult, TaskDetail } from '../../types';
import { ActionForm, fieldError, useAction } from '../../ui';
import { kindLabel, type Kind } from './request-kind';

const FIELD_IDS = {
  summary: 'q-summary',
  reason: 'q-reason',
  links: 'q-links',
  proposedDueOn: 'q-due',
  files: 'q-files',
};

/** One request: a closure (summary, evidence links and files), an extension or a dispute. */
export function RequestForm({
  kind,
  t,
  onDone,
}: {
  kind: Kind;
  t: TaskDetail;
  onDone: (m: string) => void;
}) {
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const [links, setLinks] = useState('');
  const [due, setDue] = useState('');
  const [files, setFiles] = useState<FileList | null>(null);
  const action = useAction(async () => {
    if (kind === 'closure') {
      const form = new FormData();
      form.append('summary', summary);
      if (reason.trim()) form.append('reason', reason);
      form.append('version', String(t.version));
      for (const l of links.split(/\s+/).filter(Boolean)) form.append('links', l);
      for (const f of Array.from(files ?? [])) form.append('files', f, f.name);
      await raw('POST', `/tasks/${t.id}/requests/closure`, form);
    } else if (kind === 'extension') {
      await post<RequestResult>(`/tasks/${t.id}/requests/extension`, {
        reason,
        proposedDueOn: due,
        version: t.version,
      });
    } else {
      await post<RequestResult>(`/tasks/${t.id}/requests/dispute`, { reason, version: t.version });
    }
    onDone(`${kindLabel(kind)}已提交,等待督查室审批。`);
  });
  const { busy, error } = action;
  return (
    <ActionForm action={action} fieldIds={FIELD_IDS}>
      {kind === 'closure' && (
        <>
          <TextAreaField
            id="q-summary"
            label="办结情况"
            hint="做了什么、达到了什么目标"
            error={fieldError(error, 'summary')}
            required
            rows={4}
            maxLength={4000}
            value={summary}
            onValue={setSummary}
          />
          <TextAreaField
            id="q-links"
            label="佐证链接"
            hint="以 http:// 或 https:// 开头,每行一个,最多 10 个"
            error={fieldError(error, 'links')}
            rows={2}
            value={links}
            onValue={setLinks}
          />
          <FileField
            id="q-files"
            label="佐证文件"
            hint="PDF、图片、Word 或 Excel,每个不超过 10 MB,最多 5 个"
            error={fieldError(error, 'files')}
            multiple
            accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
            onFiles={setFiles}
          />
        </>
      )}
      {kind === 'extension' && (
        <InputField
          id="q-due"
          label="申请延至"
          hint={`现时限 ${t.dueOn ?? '无'}`}
          error={fieldError(error, 'proposedDueOn')}
          required
          type="date"
          value={due}
          onValue={setDue}
        />
      )}
      <TextAreaField
        id="q-reason"
        label={kind === 'closure' ? '补充说明' : kind === 'extension' ? '延期理由' : '异议理由'}
        hint={kind === 'dispute' ? '为何本单位不应承担该任务' : undefined}
        error={fieldError(error, 'reason')}
        required={kind !== 'closure'}
        rows={3}
        maxLength={2000}
        value={reason}
        onValue={setReason}
      />
      <button type="submit" disabled={busy}>
        {busy ? '正在提交……' : `提交${kindLabel(kind)}`}
      </button>
    </ActionForm>
  );
}
