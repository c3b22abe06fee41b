import { isCollectiveUnit, UnitDirectory, unitKey } from '../departments/unit-directory';
import type { ImportCorrections, PreviewItem, PreviewUnit } from './plan-import.types';
import { distinctUnits } from './plan-items';
import { correctedDepartmentUnknown, correctedUnitNotInPlan } from './plans.errors';

/**
 * The units printed in a plan, each matched against the directory once, with the administrator's
 * answers applied: an existing department, or a new one (named as printed unless renamed). Pure.
 *
 * @param departmentIds the ids a correction may name (the directory of the plan's region)
 * @param createUnknownUnits the administrator agreed to create every unit the directory lacks
 * @returns the units by unit key, in printed order
 */
export function resolveUnits(
  items: PreviewItem[],
  directory: UnitDirectory,
  departmentIds: Set<string>,
  corrections: ImportCorrections,
  createUnknownUnits: boolean,
): Map<string, PreviewUnit> {
  const unitCorrections = new Map(
    (corrections.units ?? []).map((c, i) => [unitKey(c.printed), { c, i }]),
  );
  const units = new Map<string, PreviewUnit>();
  for (const item of items) {
    for (const printed of distinctUnits(item)) {
      const key = unitKey(printed);
      if (units.has(key)) continue;
      const m = directory.match(printed);
      const unit: PreviewUnit = {
        printed,
        departmentId: m.department?.id ?? null,
        departmentName: m.department?.name ?? null,
        matchedBy: m.matchedBy,
        isCollective: m.department?.isCollective ?? isCollectiveUnit(printed),
        willBeCreated: !m.department && (directory.isEmpty || createUnknownUnits),
        suggestions: m.department ? [] : directory.suggest(printed),
      };
      const hit = unitCorrections.get(key);
      if (hit) {
        const { c, i } = hit;
        if (c.departmentId) {
          if (!departmentIds.has(c.departmentId)) throw correctedDepartmentUnknown(i, printed);
          Object.assign(unit, {
            departmentId: c.departmentId,
            departmentName: null,
            matchedBy: 'correction',
            willBeCreated: false,
            suggestions: [],
          });
        } else if (c.create) {
          Object.assign(unit, {
            departmentId: null,
            departmentName: c.name?.trim() || printed,
            matchedBy: 'correction',
            willBeCreated: true,
            suggestions: [],
          });
        }
      }
      units.set(key, unit);
    }
  }
  const unused = [...unitCorrections.keys()].filter((k) => !units.has(k));
  if (unused.length > 0) {
    const { c, i } = unitCorrections.get(unused[0]!)!;
    throw correctedUnitNotInPlan(i, c.printed);
  }
  return units;
}

/** Units that match nothing and that nobody has decided about yet. */
export function unknownUnitNames(units: Iterable<PreviewUnit>): string[] {
  return [...units].filter((u) => !u.departmentId && !u.willBeCreated).map((u) => u.printed);
}

/** The name a unit the import creates is stored under (a correction may rename it). */
export const nameToCreate = (unit: PreviewUnit): string => unit.departmentName ?? unit.printed;
