import { ASSIGNMENT_ROLE } from '../../labels';
import type { CascadePreview } from '../../types';
import { Badge } from '../../ui';

/** What a cascade would create per region, and the units with no counterpart there. */
export function CascadePreviewView({ preview, omit }: { preview: CascadePreview; omit: boolean }) {
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
