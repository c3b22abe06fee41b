import { DEFAULT_PLAN_POLICY } from '../plan-policy/plan-policy';
import { rankDepartments } from './assessment.service';

const rules = DEFAULT_PLAN_POLICY.assessment;
const dept = (name: string, byPlan: Parameters<typeof rankDepartments>[0][number]['byPlan']) => ({
  departmentId: `id-${name}`,
  departmentName: name,
  byPlan,
});

describe('rankDepartments', () => {
  it('deducts each plan’s rules from 100 and ranks by score, equal scores sharing a rank', () => {
    const strict = { leadMissedDeadline: 10, supportMissedDeadline: 4, unansweredNotice: 2 };
    const rows = rankDepartments([
      dept('乙', [{ rules, leadMissed: 1, supportMissed: 1, unanswered: 2 }]), // 100 − 5 − 2.5 − 2
      dept('甲', [{ rules, leadMissed: 0, supportMissed: 0, unanswered: 0 }]),
      dept('丙', [
        { rules, leadMissed: 1, supportMissed: 0, unanswered: 0 }, // − 5
        { rules: strict, leadMissed: 0, supportMissed: 1, unanswered: 0 }, // − 4
      ]),
      dept('丁', [{ rules, leadMissed: 0, supportMissed: 0, unanswered: 0 }]),
    ]);
    expect(rows.map((r) => [r.rank, r.departmentName, r.score])).toEqual([
      [1, '丁', 100],
      [1, '甲', 100],
      [3, '丙', 91],
      [4, '乙', 90.5],
    ]);
    expect(rows[2]).toMatchObject({
      leadMissed: 1,
      supportMissed: 1,
      unansweredNotices: 0,
      deductions: { leadMissedDeadline: 5, supportMissedDeadline: 4, unansweredNotice: 0 },
    });
  });
});
