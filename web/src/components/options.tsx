import type { Department, PlanSummary } from '../types';

/** `<option>`s shared by the pages' pickers. */

/** A plan as a picker names it: document number, then title. */
export const planLabel = (p: PlanSummary): string =>
  `${p.documentNumber ? `${p.documentNumber} ` : ''}${p.title}`;

export function PlanOptions({ plans }: { plans: PlanSummary[] }) {
  return (
    <>
      {plans.map((p) => (
        <option key={p.id} value={p.id}>
          {planLabel(p)}
        </option>
      ))}
    </>
  );
}

/** The departments a task or a person can belong to: collective units (各成员单位) are left out. */
export function DepartmentOptions({ departments }: { departments: Department[] }) {
  return (
    <>
      {departments
        .filter((d) => !d.isCollective)
        .map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
    </>
  );
}
