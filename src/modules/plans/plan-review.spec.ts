import { formatItemNos, reviewFirst, reviewOutcome, reviewStatus } from './plan-review';

const DEFAULT_LEAD = '未写明牵头单位，按惯例取第一个单位为牵头单位。';
const NO_UNITS = '没有找到责任单位，请指定牵头单位和配合单位。';

describe('reviewStatus', () => {
  const flagged = { review: [DEFAULT_LEAD] };

  it('is none for an item whose reading needs no look, whatever is sent about it', () => {
    expect(reviewStatus({}, undefined, false)).toBe('none');
    expect(reviewStatus({ review: [] }, { no: 1, confirmed: true }, true)).toBe('none');
  });

  it('is pending until the item is confirmed, corrected or skipped', () => {
    expect(reviewStatus(flagged, undefined, false)).toBe('pending');
    expect(reviewStatus(flagged, { no: 1, confirmed: false }, false)).toBe('pending');
  });

  it('does not count a new deadline alone as a look at the units', () => {
    expect(reviewStatus(flagged, { no: 1, dueOn: '2026-12-31' }, false)).toBe('pending');
    expect(reviewStatus(flagged, { no: 1, dueOn: null }, false)).toBe('pending');
  });

  it('counts a confirmation, all at once or item by item', () => {
    expect(reviewStatus(flagged, { no: 1, confirmed: true }, false)).toBe('confirmed');
    expect(reviewStatus(flagged, undefined, true)).toBe('confirmed');
  });

  it('counts a correction of the lead or of the supporting units', () => {
    expect(reviewStatus(flagged, { no: 1, lead: ['省民政厅'] }, false)).toBe('corrected');
    expect(reviewStatus(flagged, { no: 1, support: [] }, false)).toBe('corrected');
    // Corrected wins over confirmed: the audit says what was actually done.
    expect(reviewStatus(flagged, { no: 1, lead: ['省民政厅'], confirmed: true }, true)).toBe(
      'corrected',
    );
  });

  it('lets a skipped item through: nothing of its reading is written', () => {
    expect(reviewStatus(flagged, { no: 1, skip: true }, false)).toBe('skipped');
  });
});

describe('reviewOutcome', () => {
  const items = [
    { no: 1, review: [DEFAULT_LEAD] },
    { no: 2 },
    { no: 3, review: [NO_UNITS] },
    { no: 4, review: [DEFAULT_LEAD] },
    { no: 5, review: [DEFAULT_LEAD] },
    { no: 6, review: [] },
  ];

  it('lists every flagged item as unconfirmed when nothing was said about them', () => {
    expect(reviewOutcome(items, {})).toEqual({
      items: [1, 3, 4, 5],
      confirmed: [],
      corrected: [],
      skipped: [],
      unconfirmed: [1, 3, 4, 5],
      confirmedAll: false,
    });
  });

  it('sorts the flagged items by what the administrator did with each', () => {
    const outcome = reviewOutcome(items, {
      items: [
        { no: 1, confirmed: true },
        { no: 2, confirmed: true },
        { no: 3, lead: ['省民政厅'], support: ['省财政厅'] },
        { no: 4, skip: true },
        { no: 5, dueOn: '2026-12-31' },
      ],
    });
    expect(outcome).toMatchObject({
      items: [1, 3, 4, 5],
      confirmed: [1],
      corrected: [3],
      skipped: [4],
      unconfirmed: [5],
    });
  });

  it('confirms every remaining item at once, keeping corrections as corrections', () => {
    const outcome = reviewOutcome(items, { items: [{ no: 3, lead: ['省民政厅'] }] }, true);
    expect(outcome).toMatchObject({
      confirmed: [1, 4, 5],
      corrected: [3],
      unconfirmed: [],
      confirmedAll: true,
    });
  });
});

describe('reviewFirst', () => {
  it('puts items needing a look first and keeps each group in document order', () => {
    const items = [1, 2, 3, 4, 5, 6].map((no) => ({
      no,
      review: no % 3 === 0 || no === 5 ? [DEFAULT_LEAD] : [],
    }));
    expect(reviewFirst(items).map((i) => i.no)).toEqual([3, 5, 6, 1, 2, 4]);
  });

  it('leaves a plan with nothing to review as it was', () => {
    const items = [3, 1, 2].map((no) => ({ no, review: [] }));
    expect(reviewFirst(items).map((i) => i.no)).toEqual([3, 1, 2]);
  });
});

describe('formatItemNos', () => {
  it.each([
    [[], ''],
    [[7], '7'],
    [[1, 2], '1、2'],
    [[1, 2, 3], '1至3'],
    [[5, 1, 2, 3, 9, 10, 11, 12, 14, 2], '1至3、5、9至12、14'],
  ])('%j → %s', (nos, text) => {
    expect(formatItemNos(nos)).toBe(text);
  });
});
