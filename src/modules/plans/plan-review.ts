import type { ImportCorrections, ItemCorrection } from './plan-import.types';

/**
 * "Say when unsure": the parser gives an item `review` reasons when its reading rests on a default or
 * on something it did not recognise. A commit writes such an item only once the administrator has
 * looked at it: confirmed the reading as it stands, corrected its units, or left it out. Pure, so that
 * the preview, the commit and the tests agree on one rule.
 */

/** Where an item stands in the review (`none`: its reading needs no look). */
export type ReviewStatus = 'none' | 'pending' | 'confirmed' | 'corrected' | 'skipped';

export interface ReviewOutcome {
  /** Items whose reading needs a look, in document order (skipped ones included). */
  items: number[];
  /** Confirmed as read, item by item or all at once. */
  confirmed: number[];
  /** Their lead or supporting units were corrected (a correction is a look). */
  corrected: number[];
  /** Left out of the plan: nothing of their reading is written. */
  skipped: number[];
  /** Neither confirmed, corrected nor skipped: a commit is refused while any remain. */
  unconfirmed: number[];
  /** The administrator confirmed every remaining item at once (`confirmAllReview`). */
  confirmedAll: boolean;
}

/** The units are what a reading can get wrong silently; a new deadline alone is not a look at them. */
const correctsUnits = (c: ItemCorrection) => c.lead !== undefined || c.support !== undefined;

export function reviewStatus(
  item: { review?: string[] },
  correction: ItemCorrection | undefined,
  confirmAll: boolean,
): ReviewStatus {
  if (!item.review?.length) return 'none';
  if (correction?.skip) return 'skipped';
  if (correction && correctsUnits(correction)) return 'corrected';
  if (correction?.confirmed === true || confirmAll) return 'confirmed';
  return 'pending';
}

export function reviewOutcome(
  items: readonly { no: number; review?: string[] }[],
  corrections: ImportCorrections,
  confirmAll = false,
): ReviewOutcome {
  const byNo = new Map((corrections.items ?? []).map((c) => [c.no, c]));
  const out: ReviewOutcome = {
    items: [],
    confirmed: [],
    corrected: [],
    skipped: [],
    unconfirmed: [],
    confirmedAll: confirmAll,
  };
  for (const item of items) {
    const status = reviewStatus(item, byNo.get(item.no), confirmAll);
    if (status === 'none') continue;
    out.items.push(item.no);
    if (status === 'pending') out.unconfirmed.push(item.no);
    else out[status].push(item.no);
  }
  return out;
}

/** Items needing a look first, each group in its original order. */
export function reviewFirst<T extends { review: string[] }>(items: readonly T[]): T[] {
  return [...items.filter((i) => i.review.length > 0), ...items.filter((i) => !i.review.length)];
}

/** Item numbers as a Chinese reader writes them: `1至3、5、7至9`. */
export function formatItemNos(nos: readonly number[]): string {
  const sorted = [...new Set(nos)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}至${sorted[j]}` : sorted.slice(i, j + 1).join('、'));
    i = j + 1;
  }
  return parts.join('、');
}
