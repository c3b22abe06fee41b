import type { DueSource } from '../../generated/prisma/enums';
import { isLocalDate } from '../../common/time/local-date';
import { unitKey } from '../departments/unit-directory';
import type { PlanItem } from './import/plan-document.types';
import type { ImportCorrections, PlanImportCounts, PreviewItem } from './plan-import.types';
import {
  correctedDeadlineInvalid,
  correctedItemNotInPlan,
  correctedLeadEmpty,
} from './plans.errors';

/**
 * The items of a reading as the import will write them: deadlines chosen, the administrator's
 * corrections applied, skipped items left out. Pure: the preview and the commit agree on one rule.
 */

/** Units of an item in printed order, each once (a unit printed twice is one assignment). */
export function distinctUnits(item: { lead: string[]; support: string[] }): string[] {
  const seen = new Set<string>();
  return [...item.lead, ...item.support].filter((u) => {
    const key = unitKey(u);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The key of an item's section within the plan: sections are titled within their chapter. */
export const sectionKey = (item: { chapter: string | null; section: string | null }) =>
  `${item.chapter}\u0000${item.section}`;

/**
 * The task's deadline: the earliest dated deadline stated on the item (the first point at which the
 * office can find it late); otherwise the plan default given at import; otherwise ongoing.
 */
function toPreviewItem(item: PlanItem, defaultDueOn: string | null): PreviewItem {
  const dated = item.deadlines
    .filter((d) => d.kind !== 'recurring' && d.date !== null)
    .map((d) => d.date!)
    .sort();
  const [stated] = dated;
  const dueSource: DueSource = stated ? 'STATED' : defaultDueOn ? 'PLAN_DEFAULT' : 'ONGOING';
  return {
    no: item.no,
    chapter: item.chapter,
    section: item.section,
    text: item.text,
    lead: item.lead,
    support: item.support,
    leaders: item.leaders ?? [],
    dueOn: stated ?? defaultDueOn,
    dueSource,
    deadlines: item.deadlines,
    targets: item.targets,
    corrected: false,
    review: item.review ?? [],
    reviewStatus: item.review?.length ? 'pending' : 'none',
  };
}

export function applyItemCorrections(
  items: PlanItem[],
  corrections: ImportCorrections,
  defaultDueOn: string | null,
): PreviewItem[] {
  const byNo = new Map((corrections.items ?? []).map((c, i) => [c.no, { c, i }]));
  const known = new Set(items.map((i) => i.no));
  for (const [no, { i }] of byNo) {
    if (!known.has(no)) throw correctedItemNotInPlan(i, no);
  }
  const out: PreviewItem[] = [];
  for (const item of items) {
    const base = toPreviewItem(item, defaultDueOn);
    const hit = byNo.get(item.no);
    if (!hit) {
      out.push(base);
      continue;
    }
    const { c, i } = hit;
    if (c.skip) continue;
    if (c.dueOn !== undefined && c.dueOn !== null && !isLocalDate(c.dueOn)) {
      throw correctedDeadlineInvalid(i, item.no);
    }
    // A confirmation alone changes nothing; an item still without a lead is refused at commit
    // (ITEMS_WITHOUT_LEAD), where the administrator is told to name one or skip it.
    if (c.lead === undefined && c.support === undefined && c.dueOn === undefined) {
      out.push(base);
      continue;
    }
    const lead = c.lead ?? base.lead;
    if (c.lead !== undefined && lead.length === 0) throw correctedLeadEmpty(i, item.no);
    const dueOn = c.dueOn === undefined ? base.dueOn : c.dueOn;
    out.push({
      ...base,
      lead,
      support: c.support ?? base.support,
      dueOn,
      dueSource: c.dueOn === undefined ? base.dueSource : dueOn === null ? 'ONGOING' : 'STATED',
      corrected: true,
    });
  }
  return out;
}

/** What the import will write, counted; `units` and `newUnits` come from the resolved units. */
export function countPlan(
  items: PreviewItem[],
  units: { willBeCreated: boolean }[],
): PlanImportCounts {
  const chapters = new Set(items.map((i) => i.chapter).filter((c) => c !== null));
  const sections = new Set(items.filter((i) => i.section !== null).map(sectionKey));
  return {
    items: items.length,
    chapters: chapters.size,
    sections: sections.size,
    assignments: items.reduce((n, i) => n + distinctUnits(i).length, 0),
    units: units.length,
    newUnits: units.filter((u) => u.willBeCreated).length,
  };
}

/**
 * A reporting cadence the document states for its items (每月28日前报送, 每季度…) becomes the plan's
 * reporting policy: the most common one wins. Otherwise the plan keeps the defaults ({}).
 */
export function policyFromDocument(items: PreviewItem[]): Record<string, unknown> {
  const counts = new Map<
    string,
    { cadence: 'monthly' | 'quarterly'; dueDay?: number; n: number }
  >();
  for (const item of items) {
    for (const d of item.deadlines) {
      const every = d.cadence?.every;
      if (every !== 'month' && every !== 'quarter') continue;
      const cadence = every === 'month' ? ('monthly' as const) : ('quarterly' as const);
      const key = `${cadence}-${d.cadence?.day ?? ''}`;
      const c = counts.get(key) ?? { cadence, dueDay: d.cadence?.day, n: 0 };
      c.n += 1;
      counts.set(key, c);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  if (!best) return {};
  return { reporting: { cadence: best.cadence, ...(best.dueDay ? { dueDay: best.dueDay } : {}) } };
}
