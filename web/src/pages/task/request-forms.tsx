import { useState } from 'preact/hooks';
import type { TaskDetail } from '../../types';
import { RequestForm } from './request-form';
import { kindLabel, type Kind } from './request-kind';

/** The requests the department may make (the lead: all three; a supporting one: a dispute). */
export function RequestForms({
  t,
  lead,
  onDone,
}: {
  t: TaskDetail;
  lead: boolean;
  onDone: (m: string) => void;
}) {
  const kinds: Kind[] = lead ? ['closure', 'extension', 'dispute'] : ['dispute'];
  const [kind, setKind] = useState<Kind | null>(null);
  return (
    <section class="panel" aria-labelledby="req-h">
      <h2 id="req-h">提出申请</h2>
      <div class="filters" role="group" aria-label="申请类型">
        {kinds.map((k) => (
          <button
            key={k}
            type="button"
            class={kind === k ? 'chip active' : 'chip'}
            aria-pressed={kind === k}
            onClick={() => setKind(kind === k ? null : k)}
          >
            {kindLabel(k)}
          </button>
        ))}
      </div>
      {kind && (
        <RequestForm
          key={kind}
          kind={kind}
          t={t}
          onDone={(m) => {
            setKind(null);
            onDone(m);
          }}
        />
      )}
    </section>
  );
}
