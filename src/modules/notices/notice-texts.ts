import type { PlanPolicy } from '../plan-policy/plan-policy';

/** What kind of document the work comes from (the plan row's source). */
export const SOURCE_LABEL: Record<string, string> = {
  PLAN: '责任分解方案',
  SINGLE: '单项督办事项',
  INSTRUCTION: '领导批示件',
  MEETING: '会议议定事项',
  HIGHER: '上级交办事项',
  NPC_PROPOSAL: '人大代表建议',
  CPPCC_PROPOSAL: '政协委员提案',
};

const WEEKDAY = ['一', '二', '三', '四', '五', '六', '日'];

/** How a lead department reports progress under the policy, in Chinese (null: no periodic report). */
export function cadenceText(reporting: PlanPolicy['reporting']): string | null {
  const first =
    reporting.firstWithin > 0 ? `交办后${reporting.firstWithin}个工作日内首次报送,此后` : '';
  const day = reporting.dueDay === 31 ? '月底' : `${reporting.dueDay}日`;
  switch (reporting.cadence) {
    case 'weekly':
      return `${first}每周${WEEKDAY[reporting.dueDay - 1] ?? ''}前报送进展`;
    case 'monthly':
      return `${first}每月${day}前报送进展`;
    case 'quarterly':
      return `${first}每季度末月${day}前报送进展`;
    default:
      return first ? `交办后${reporting.firstWithin}个工作日内报送进展` : null;
  }
}
