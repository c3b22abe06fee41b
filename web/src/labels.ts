import type {
  AckState,
  AssignmentRole,
  ChildState,
  RegionLevel,
  MyTask,
  EscalationLevel,
  RequestKind,
  RequestStatus,
  Role,
  TaskStatus,
  WorkSource,
} from './types';

export const ROLE: Record<Role, string> = {
  ADMIN: '系统管理员',
  SECURITY_ADMIN: '安全管理员',
  AUDITOR: '安全审计员',
  SUPERVISOR: '督查室',
  LEADER: '分管领导',
  HEAD: '部门负责人',
  LIAISON: '部门联络员',
};

/** What an administrator may create (三员分立): the privileged roles are granted by the security administrator. */
export const BUSINESS_ROLES: Role[] = ['SUPERVISOR', 'LEADER', 'HEAD', 'LIAISON'];

export const TASK_STATUS: Record<TaskStatus, string> = {
  ASSIGNED: '已交办',
  IN_PROGRESS: '推进中',
  CLOSURE_REQUESTED: '申请办结',
  CLOSED: '已办结',
  SUSPENDED: '已暂停',
  WITHDRAWN: '已撤销',
  DISPUTED: '职责异议中',
};

/** Where work comes from, as the source filter lists it (in this order). */
export const WORK_SOURCE: Record<WorkSource, string> = {
  PLAN: '责任分解方案',
  SINGLE: '单项督办',
  INSTRUCTION: '领导批示件',
  MEETING: '会议议定事项',
  HIGHER: '上级交办',
  NPC_PROPOSAL: '人大建议',
  CPPCC_PROPOSAL: '政协提案',
};

/** The source as a row's badge names it, before the document (批示件 · 苏政批〔2026〕3号). */
export const WORK_SOURCE_SHORT: Record<WorkSource, string> = {
  PLAN: '方案',
  SINGLE: '单项督办',
  INSTRUCTION: '批示件',
  MEETING: '会议',
  HIGHER: '上级交办',
  NPC_PROPOSAL: '人大建议',
  CPPCC_PROPOSAL: '政协提案',
};

/** A task's origin on one line: the source and its document's number, or its title. */
export const originText = (t: {
  source: WorkSource;
  planTitle: string;
  planDocumentNumber: string | null;
}): string => `${WORK_SOURCE_SHORT[t.source]} · ${t.planDocumentNumber ?? t.planTitle}`;

export const ASSIGNMENT_ROLE: Record<AssignmentRole, string> = { LEAD: '牵头', SUPPORT: '配合' };

/** 签收 states of an assignment. */
export const ACK_STATE: Record<AckState, string> = {
  PENDING: '待签收',
  ACKNOWLEDGED: '已签收',
  RETURNED: '已退回',
};

export const LEVEL: Record<EscalationLevel, string> = {
  URGING: '催办',
  SUPERVISION: '督办单',
  RED_CARD: '红牌警示',
  LAGGING: '进度滞后',
};

export const REQUEST_KIND: Record<RequestKind, string> = {
  CLOSURE: '办结销号',
  EXTENSION: '延期申请',
  DISPUTE: '职责异议',
};

export const REQUEST_STATUS: Record<RequestStatus, string> = {
  PENDING: '待审批',
  APPROVED: '已同意',
  REJECTED: '已退回',
  WITHDRAWN: '已撤回',
};

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export const fmtDateTime = (iso: string | null | undefined): string =>
  iso ? dateTime.format(new Date(iso)) : '—';

/** Days left or overdue, in working days, as a liaison reads them. */
export function dueText(t: {
  dueOn: string | null;
  ongoing: boolean;
  workingDaysLeft: number | null;
  workingDaysOverdue: number;
  status: TaskStatus;
}): string {
  if (t.ongoing || !t.dueOn) return '持续推进';
  if (t.status === 'CLOSED') return `${t.dueOn}(已办结)`;
  if (t.workingDaysOverdue > 0) return `${t.dueOn},已逾期 ${t.workingDaysOverdue} 个工作日`;
  if (t.workingDaysLeft === 0) return `${t.dueOn},今天到期`;
  if (t.workingDaysLeft !== null) return `${t.dueOn},还剩 ${t.workingDaysLeft} 个工作日`;
  return t.dueOn;
}

const OPEN_STATUSES = new Set<TaskStatus>(['ASSIGNED', 'IN_PROGRESS', 'DISPUTED', 'SUSPENDED']);

/** What needs doing this week: overdue, due within 5 working days, or never reported. */
export function needsAction(t: MyTask): string | null {
  if (!OPEN_STATUSES.has(t.status)) return null;
  if (t.workingDaysOverdue > 0) return '已逾期:请尽快报送进展,或提出延期、办结申请';
  if (t.workingDaysLeft !== null && t.workingDaysLeft <= 5)
    return '本周内到期:请报送进展或申请办结';
  if (t.role === 'LEAD' && !t.lastReportAt) return '尚未报送进展:请报送首次进展';
  return null;
}

export function tone(t: {
  status: string;
  workingDaysOverdue: number;
  workingDaysLeft: number | null;
}) {
  if (t.status === 'CLOSED') return 'green' as const;
  if (t.workingDaysOverdue > 0) return 'red' as const;
  if (t.workingDaysLeft !== null && t.workingDaysLeft <= 5) return 'yellow' as const;
  return 'blue' as const;
}

export const REGION_LEVEL: Record<RegionLevel, string> = {
  PROVINCE: '省',
  CITY: '市',
  COUNTY: '县(区)',
};

/** A region's task as the roll-up classes it, worst first. */
export const CHILD_STATE: Record<ChildState, string> = {
  red: '红牌警示',
  yellow: '督办单',
  overdue: '已逾期',
  lagging: '进度滞后',
  on_track: '正常推进',
  closed: '已办结',
  withdrawn: '已撤销',
};

export const CHILD_STATE_TONE: Record<ChildState, 'red' | 'yellow' | 'green' | 'grey' | 'blue'> = {
  red: 'red',
  yellow: 'yellow',
  overdue: 'red',
  lagging: 'yellow',
  on_track: 'blue',
  closed: 'green',
  withdrawn: 'grey',
};
