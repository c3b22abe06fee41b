import { WORK_SOURCE } from '../labels';
import type { WorkSource } from '../types';

const SOURCES = Object.keys(WORK_SOURCE) as WorkSource[];

/** `source=A,B` for a list's query: the chosen sources, or '' for all. */
export const sourceParam = (sources: WorkSource[]): string => sources.join(',');

/**
 * The source filter as chips: 全部, then each source; a source chip toggles it (several may be
 * chosen), 全部 clears the choice.
 */
export function SourceChips({
  value,
  onValue,
}: {
  value: WorkSource[];
  onValue: (sources: WorkSource[]) => void;
}) {
  const chip = (label: string, pressed: boolean, onClick: () => void, key: string) => (
    <button
      key={key}
      type="button"
      class={pressed ? 'chip active' : 'chip'}
      aria-pressed={pressed}
      onClick={onClick}
    >
      {label}
    </button>
  );
  return (
    <div class="filters" role="group" aria-label="按来源筛选">
      {chip('全部来源', value.length === 0, () => onValue([]), 'all')}
      {SOURCES.map((s) =>
        chip(
          WORK_SOURCE[s],
          value.includes(s),
          () => onValue(value.includes(s) ? value.filter((x) => x !== s) : [...value, s]),
          s,
        ),
      )}
    </div>
  );
}
