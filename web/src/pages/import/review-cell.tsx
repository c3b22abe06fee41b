import { InputField } from '../../components/fields';
import type { PreviewItem } from '../../types';
import { Badge } from '../../ui';
import { correctsUnits, type UnitEdit } from './import-form';

/** An item whose reading needs a look: its reasons, 「确认无误」, and a correction of its units. */
export function ReviewCell(props: {
  item: PreviewItem;
  confirmed: boolean;
  onConfirm: (on: boolean) => void;
  edit?: UnitEdit;
  onEdit: (e: UnitEdit) => void;
}) {
  const { item } = props;
  const edit = props.edit ?? { lead: item.lead.join('、'), support: item.support.join('、') };
  const corrected = correctsUnits(props.edit);
  return (
    <>
      <Badge tone={corrected || props.confirmed ? 'green' : 'yellow'}>
        {corrected ? '已更正' : props.confirmed ? '已确认' : '需核对'}
      </Badge>
      <ul class="review-reasons">
        {item.review.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
      <label class="check">
        <input
          type="checkbox"
          checked={props.confirmed || corrected}
          disabled={corrected}
          onChange={(e) => props.onConfirm(e.currentTarget.checked)}
        />
        确认无误<span class="sr-only">(第 {item.no} 项)</span>
      </label>
      <details open={corrected || undefined}>
        <summary>
          更正单位<span class="sr-only">(第 {item.no} 项)</span>
        </summary>
        <InputField
          id={`rv-lead-${item.no}`}
          label={`第 ${item.no} 项牵头单位`}
          hint="多个单位用、分隔"
          value={props.edit?.lead ?? ''}
          placeholder={edit.lead}
          onValue={(lead) => props.onEdit({ ...edit, lead })}
        />
        <InputField
          id={`rv-support-${item.no}`}
          label={`第 ${item.no} 项配合单位`}
          value={props.edit?.support ?? ''}
          placeholder={edit.support}
          onValue={(support) => props.onEdit({ ...edit, support })}
        />
      </details>
    </>
  );
}
