import { DomainException } from '../../common/errors/domain.exception';
import { UnitDirectory } from '../departments/unit-directory';
import type { PlanItem } from './import/plan-document.types';
import { diffPlan } from './plan-diff';
import { applyItemCorrections, countPlan, distinctUnits, policyFromDocument } from './plan-items';
import { resolveUnits, unknownUnitNames } from './unit-resolution';

const item = (no: number, over: Partial<PlanItem> = {}): PlanItem => ({
  no,
  chapter: '一、总体要求',
  section: null,
  text: `事项${no}`,
  lead: ['省民政厅'],
  support: ['省财政厅'],
  deadlines: [],
  targets: [],
  ...over,
});

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainException ? { code: err.code, details: err.details } : err;
  }
  return null;
};

describe('applyItemCorrections', () => {
  it('takes the earliest stated date, else the plan default, else ongoing', () => {
    const [stated, byDefault] = applyItemCorrections(
      [
        item(1, {
          deadlines: [
            { phrase: '2026年底前', date: '2026-12-31', kind: 'absolute' },
            { phrase: '2026年6月底前', date: '2026-06-30', kind: 'absolute' },
          ],
        }),
        item(2),
      ],
      {},
      '2027-01-31',
    );
    expect(stated).toMatchObject({ dueOn: '2026-06-30', dueSource: 'STATED', corrected: false });
    expect(byDefault).toMatchObject({ dueOn: '2027-01-31', dueSource: 'PLAN_DEFAULT' });
    expect(applyItemCorrections([item(3)], {}, null)[0]).toMatchObject({
      dueOn: null,
      dueSource: 'ONGOING',
    });
  });

  it('applies corrections, leaves skipped items out and refuses unknown items', () => {
    const out = applyItemCorrections(
      [item(1), item(2), item(3)],
      {
        items: [
          { no: 1, lead: ['省财政厅'], dueOn: null },
          { no: 2, skip: true },
        ],
      },
      '2026-12-31',
    );
    expect(out.map((i) => i.no)).toEqual([1, 3]);
    expect(out[0]).toMatchObject({ lead: ['省财政厅'], dueOn: null, dueSource: 'ONGOING' });
    expect(codeOf(() => applyItemCorrections([item(1)], { items: [{ no: 9 }] }, null))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'corrections.items[0].no', reason: '方案中没有这一项' }],
    });
    expect(
      codeOf(() => applyItemCorrections([item(1)], { items: [{ no: 1, lead: [] }] }, null)),
    ).toMatchObject({ details: [{ field: 'corrections.items[0].lead' }] });
  });
});

describe('units of a plan', () => {
  const directory = new UnitDirectory(
    [{ id: 'mz', name: '省民政厅', isCollective: false }],
    [{ alias: '民政厅', departmentId: 'mz' }],
  );
  const items = applyItemCorrections([item(1), item(2, { support: ['省卫生健康委'] })], {}, null);

  it('counts each printed unit once per item', () => {
    expect(distinctUnits({ lead: ['省民政厅'], support: ['省民政厅 ', '省财政厅'] })).toEqual([
      '省民政厅',
      '省财政厅',
    ]);
  });

  it('matches units against the directory, leaving unknown ones to the administrator', () => {
    const units = resolveUnits(items, directory, new Set(['mz']), {}, false);
    expect([...units.values()].map((u) => [u.printed, u.departmentId, u.willBeCreated])).toEqual([
      ['省民政厅', 'mz', false],
      ['省财政厅', null, false],
      ['省卫生健康委', null, false],
    ]);
    expect(unknownUnitNames(units.values())).toEqual(['省财政厅', '省卫生健康委']);
    expect(countPlan(items, [...units.values()])).toEqual({
      items: 2,
      chapters: 1,
      sections: 0,
      assignments: 4,
      units: 3,
      newUnits: 0,
    });
  });

  it('applies unit corrections and refuses those about units the plan does not name', () => {
    const units = resolveUnits(
      items,
      directory,
      new Set(['mz']),
      {
        units: [
          { printed: '省财政厅', departmentId: 'mz' },
          { printed: '省卫生健康委', create: true },
        ],
      },
      false,
    );
    expect(unknownUnitNames(units.values())).toEqual([]);
    expect(units.get('省卫生健康委')).toMatchObject({
      willBeCreated: true,
      matchedBy: 'correction',
    });
    expect(
      codeOf(() =>
        resolveUnits(
          items,
          directory,
          new Set(),
          { units: [{ printed: '省教育厅', create: true }] },
          true,
        ),
      ),
    ).toMatchObject({ details: [{ field: 'corrections.units[0].printed' }] });
  });
});

describe('diffPlan', () => {
  it('names added, changed (with fields), removed and unchanged items', () => {
    const items = applyItemCorrections([item(1), item(2, { text: '新的表述' }), item(4)], {}, null);
    const units = resolveUnits(
      items,
      new UnitDirectory(
        [
          { id: 'mz', name: '省民政厅', isCollective: false },
          { id: 'cz', name: '省财政厅', isCollective: false },
        ],
        [],
      ),
      new Set(),
      {},
      false,
    );
    const assignments = [
      { departmentId: 'mz', role: 'LEAD' as const },
      { departmentId: 'cz', role: 'SUPPORT' as const },
    ];
    const task = (no: number, status = 'ASSIGNED') => ({
      no,
      status,
      text: `事项${no}`,
      dueOn: null,
      assignments,
    });
    expect(diffPlan([task(1), task(2), task(3), task(5, 'WITHDRAWN')], items, units)).toEqual({
      added: [4],
      changed: [{ no: 2, fields: ['text'] }],
      removed: [3],
      unchanged: 1,
    });
  });
});

describe('policyFromDocument', () => {
  it('takes the most common stated reporting cadence, or keeps the defaults', () => {
    const monthly = { phrase: '每月28日前', date: null, kind: 'recurring' as const };
    const items = applyItemCorrections(
      [
        item(1, { deadlines: [{ ...monthly, cadence: { every: 'month', day: 28 } }] }),
        item(2, { deadlines: [{ ...monthly, cadence: { every: 'month', day: 28 } }] }),
        item(3, { deadlines: [{ ...monthly, cadence: { every: 'quarter' } }] }),
      ],
      {},
      null,
    );
    expect(policyFromDocument(items)).toEqual({ reporting: { cadence: 'monthly', dueDay: 28 } });
    expect(policyFromDocument([])).toEqual({});
  });
});
