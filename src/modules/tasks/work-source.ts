import { WorkSource } from '../../generated/prisma/enums';

/** Where work comes from, as the ledger, the bulletin and notices name it (DESIGN.md "Where work comes from"). */
export const WORK_SOURCE_LABELS: Readonly<Record<WorkSource, string>> = {
  PLAN: '责任分解方案',
  SINGLE: '单项督办',
  INSTRUCTION: '领导批示件',
  MEETING: '会议议定事项',
  HIGHER: '上级交办',
  NPC_PROPOSAL: '人大建议',
  CPPCC_PROPOSAL: '政协提案',
};

/** Every source, in the order the labels list them (filters, the bulletin's breakdown). */
export const WORK_SOURCES: readonly WorkSource[] = Object.values(WorkSource);
