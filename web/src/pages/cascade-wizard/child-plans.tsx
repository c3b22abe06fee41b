import { post } from '../../api';
import { fmtDateTime } from '../../labels';
import type { PlanListItem } from '../../types';
import { Badge, ErrorBox, useAction } from '../../ui';

/** The child plans a cascade made, each draft with its publish button. */
export function ChildPlans({
  plans,
  onDone,
}: {
  plans: PlanListItem[];
  onDone: (m: string) => void;
}) {
  const publish = useAction(async (id: string, title: string) => {
    await post(`/plans/${id}/publish`);
    onDone(`已发布方案“${title}”。`);
  });
  return (
    <>
      <h3>下级方案({plans.length})</h3>
      <ErrorBox error={publish.error} />
      {plans.length === 0 ? (
        <p class="muted">该方案尚未分解。</p>
      ) : (
        <ul class="cards">
          {plans.map((p) => (
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
    </>
  );
}
