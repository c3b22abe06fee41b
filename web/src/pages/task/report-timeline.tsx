import { ASSIGNMENT_ROLE, fmtDateTime } from '../../labels';
import type { ProgressReport } from '../../types';

/** The last progress reports, newest first. */
export function ReportTimeline({ reports }: { reports: ProgressReport[] }) {
  return (
    <section aria-labelledby="reports">
      <h2 id="reports">进展报送(最近 20 次)</h2>
      {reports.length === 0 ? (
        <p class="muted">尚未报送进展。</p>
      ) : (
        <ol class="timeline">
          {reports.map((r) => (
            <li key={r.id}>
              <p class="meta">
                <strong>{r.department}</strong>({ASSIGNMENT_ROLE[r.role]})· {r.byline} ·{' '}
                {fmtDateTime(r.createdAt)} · {r.percent}%
              </p>
              <p class="narrative">{r.narrative}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
