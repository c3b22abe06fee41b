import { toggled } from '../../collections';
import type { PreviewItem } from '../../types';
import { Badge } from '../../ui';
import type { UnitEdit } from './import-form';
import { ReviewCell } from './review-cell';

const DUE_SOURCE = { STATED: '原文', PLAN_DEFAULT: '默认时限', ONGOING: '持续推进' } as const;

/** The items as read: units, deadline and its source, the review of those needing a look, import or not. */
export function PreviewItems(props: {
  items: PreviewItem[];
  skipped: Set<number>;
  onSkipped: (s: Set<number>) => void;
  confirmed: Set<number>;
  onConfirmed: (s: Set<number>) => void;
  unitEdits: Record<number, UnitEdit>;
  onUnitEdits: (e: Record<number, UnitEdit>) => void;
}) {
  const { items, skipped, confirmed, unitEdits } = props;
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption>事项({items.length} 项)</caption>
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">事项</th>
            <th scope="col">牵头</th>
            <th scope="col">配合</th>
            <th scope="col">时限</th>
            <th scope="col">核对</th>
            <th scope="col">导入</th>
          </tr>
        </thead>
        <tbody>
          {items.map((it) => (
            <tr
              key={it.no}
              class={[
                skipped.has(it.no) ? 'skipped' : '',
                it.review.length > 0 ? 'needs-review' : '',
              ].join(' ')}
            >
              <td data-label="编号">{it.no}</td>
              <td data-label="事项">
                {it.text.length > 40 ? `${it.text.slice(0, 40)}…` : it.text}
              </td>
              <td data-label="牵头">{it.lead.join('、') || <Badge tone="red">未识别</Badge>}</td>
              <td data-label="配合">{it.support.join('、') || '—'}</td>
              <td data-label="时限">
                {it.dueOn ?? '—'}({DUE_SOURCE[it.dueSource]})
              </td>
              <td data-label="核对" class="review-cell">
                {it.review.length > 0 ? (
                  <ReviewCell
                    item={it}
                    confirmed={confirmed.has(it.no)}
                    onConfirm={(on) => props.onConfirmed(toggled(confirmed, it.no, on))}
                    edit={unitEdits[it.no]}
                    onEdit={(e) => props.onUnitEdits({ ...unitEdits, [it.no]: e })}
                  />
                ) : (
                  '—'
                )}
              </td>
              <td data-label="导入">
                <label class="check">
                  <input
                    type="checkbox"
                    checked={!skipped.has(it.no)}
                    onChange={(e) =>
                      props.onSkipped(toggled(skipped, it.no, !e.currentTarget.checked))
                    }
                  />
                  <span class="sr-only">导入第 {it.no} 项</span>
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
