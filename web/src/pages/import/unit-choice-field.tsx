import { SelectField } from '../../components/fields';
import type { PreviewUnit } from '../../types';
import type { UnitChoice } from './import-form';

/** A unit the directory does not know: leave it, create it, or map it to a suggested department. */
export function UnitChoiceField(props: {
  printed: string;
  unit?: PreviewUnit;
  value: UnitChoice;
  onChange: (c: UnitChoice) => void;
}) {
  const id = `unit-${props.printed}`;
  const v = props.value.mode === 'map' ? props.value.departmentId : props.value.mode;
  return (
    <SelectField
      id={id}
      label={props.printed}
      value={v}
      onValue={(x) =>
        props.onChange(
          x === 'none'
            ? { mode: 'none' }
            : x === 'create'
              ? { mode: 'create' }
              : { mode: 'map', departmentId: x },
        )
      }
    >
      <option value="none">(未处理)</option>
      <option value="create">新建单位“{props.printed}”</option>
      {(props.unit?.suggestions ?? []).map((s) => (
        <option key={s.departmentId} value={s.departmentId}>
          对应到:{s.name}(相似度 {Math.round(s.score * 100)}%)
        </option>
      ))}
    </SelectField>
  );
}
