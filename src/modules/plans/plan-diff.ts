import { fromDbDate } from '../../common/time/local-date';
import { unitKey } from '../departments/unit-directory';
import type { PlanDiff, PreviewItem, PreviewUnit } from './plan-import.types';

/** A task of the current plan version as the diff reads it: its live (not removed) assignments. */
export interface CurrentTask {
  no: number;
  status: string;
  text: string;
  dueOn: Date | null;
  assignments: { departmentId: string; role: 'LEAD' | 'SUPPORT' }[];
}

/** The task's deadline as a local date (null: ongoing). */
export const taskDueOn = (task: { dueOn: Date | null }): string | null =>
  task.dueOn ? fromDbDate(task.dueOn) : null;

function sameSet(a: string[], b: string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * What a new reading changes in the current version of a plan, item by number: added, changed (which
 * fields; a withdrawn item that is back is `restored`), removed (withdrawn ones are already gone),
 * unchanged. A unit the import will create counts as a department of its own (`new:<key>`). Pure.
 */
export function diffPlan(
  tasks: CurrentTask[],
  items: PreviewItem[],
  units: Map<string, PreviewUnit>,
): PlanDiff {
  const byNo = new Map(tasks.map((t) => [t.no, t]));
  const unitRef = (printed: string) => {
    const u = units.get(unitKey(printed));
    return u?.departmentId ?? `new:${unitKey(printed)}`;
  };
  const diff: PlanDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const item of items) {
    const task = byNo.get(item.no);
    if (!task) {
      diff.added.push(item.no);
      continue;
    }
    const fields: PlanDiff['changed'][number]['fields'] = [];
    if (task.status === 'WITHDRAWN') fields.push('restored');
    if (task.text !== item.text) fields.push('text');
    const current = (role: 'LEAD' | 'SUPPORT') =>
      task.assignments
        .filter((x) => x.role === role)
        .map((x) => x.departmentId)
        .sort();
    if (!sameSet(current('LEAD'), item.lead.map(unitRef))) fields.push('lead');
    if (!sameSet(current('SUPPORT'), item.support.map(unitRef))) fields.push('support');
    if (taskDueOn(task) !== item.dueOn) fields.push('dueOn');
    if (fields.length > 0) diff.changed.push({ no: item.no, fields });
    else diff.unchanged += 1;
  }
  const seen = new Set(items.map((i) => i.no));
  diff.removed = tasks
    .filter((t) => !seen.has(t.no) && t.status !== 'WITHDRAWN')
    .map((t) => t.no)
    .sort((x, y) => x - y);
  return diff;
}
