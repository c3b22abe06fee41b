/** The API's shapes as the interface reads them (see the DTOs under src/modules/*\/dto). */
export type Role = 'ADMIN' | 'SUPERVISOR' | 'LEADER' | 'HEAD' | 'LIAISON';
export type TaskStatus =
  | 'ASSIGNED'
  | 'IN_PROGRESS'
  | 'CLOSURE_REQUESTED'
  | 'CLOSED'
  | 'SUSPENDED'
  | 'WITHDRAWN'
  | 'DISPUTED';
export type AssignmentRole = 'LEAD' | 'SUPPORT';
export type EscalationLevel = 'URGING' | 'SUPERVISION' | 'RED_CARD' | 'LAGGING';
export type RequestKind = 'CLOSURE' | 'EXTENSION' | 'DISPUTE';
export type RequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';

export interface MyTask {
  id: string;
  planId: string;
  no: number;
  text: string;
  role: AssignmentRole;
  dueOn: string | null;
  ongoing: boolean;
  status: TaskStatus;
  percent: number;
  reportVersion: number;
  lastReportAt: string | null;
  workingDaysLeft: number | null;
  workingDaysOverdue: number;
  leadDepartments: string[];
  supportDepartments: string[];
}

export interface TaskAssignment {
  id: string;
  departmentId: string;
  department: string;
  role: AssignmentRole;
  percent: number;
  reportVersion: number;
  lastReportAt: string | null;
}

export interface ProgressReport {
  id: string;
  department: string;
  role: AssignmentRole;
  author: string;
  version: number;
  percent: number;
  narrative: string;
  createdAt: string;
}

export interface TaskDetail {
  id: string;
  planId: string;
  plan: { id: string; title: string; documentNumber: string | null };
  chapter: string | null;
  section: string | null;
  no: number;
  text: string;
  status: TaskStatus;
  version: number;
  percent: number;
  dueOn: string | null;
  ongoing: boolean;
  workingDaysLeft: number | null;
  workingDaysOverdue: number;
  leaders: string[];
  lastReportAt: string | null;
  closedAt: string | null;
  assignments: TaskAssignment[];
  reports: ProgressReport[];
  escalations: {
    level: EscalationLevel;
    noticeNo: string | null;
    triggeredAt: string;
    dueOn: string;
  }[];
}

export interface Evidence {
  id: string;
  kind: 'LINK' | 'FILE';
  url: string | null;
  fileName: string | null;
  size: number | null;
}

export interface TaskRequest {
  id: string;
  taskId: string;
  departmentId: string;
  kind: RequestKind;
  status: RequestStatus;
  reason: string;
  summary: string | null;
  proposedDueOn: string | null;
  requestedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  evidence: Evidence[];
}

export interface RequestResult {
  request: TaskRequest;
  task: { id: string; status: TaskStatus; version: number; dueOn: string | null };
}

export interface OverdueTask {
  taskId: string;
  planId: string;
  no: number;
  text: string;
  dueOn: string;
  workingDaysOverdue: number;
  leadDepartments: string[];
  lastReport: { percent: number; narrative: string; at: string; department: string } | null;
  escalationLevel: EscalationLevel | null;
  card: 'YELLOW' | 'RED' | null;
  noticeNo: string | null;
}

export interface OverdueByDepartment {
  departmentId: string;
  departmentName: string;
  overdueLead: number;
  overdueSupport: number;
  total: number;
}

export interface InboxMessage {
  id: string;
  template: string;
  subject: string;
  body: string;
  taskId: string | null;
  urgent: boolean;
  createdAt: string;
  readAt: string | null;
}

export interface Department {
  id: string;
  name: string;
  isCollective: boolean;
  aliases: string[];
  members: string[];
}

export interface PlanSummary {
  id: string;
  title: string;
  documentNumber: string | null;
}

export interface CalendarYearSummary {
  year: number;
  provisional: boolean;
  source: string | null;
  holidays: number;
  makeupWorkdays: number;
  updatedAt: string | null;
}

export interface CalendarDay {
  date: string;
  kind: 'HOLIDAY' | 'MAKEUP_WORKDAY';
  name?: string | null;
}

export interface PlanPolicy {
  deadlineReminders: number[];
  sendHour: number;
  quietHours: { start: string; end: string };
  escalation: { urgingAfter: number; supervisionAfter: number; redCardAfter: number };
  lagging: { gapPercent: number; noReportWorkingDays: number };
  reporting: {
    cadence: 'none' | 'monthly' | 'quarterly';
    dueDay: number;
    remindBefore: number;
    urgeAfter: number;
  };
}

export interface PreviewUnit {
  printed: string;
  departmentId: string | null;
  departmentName: string | null;
  matchedBy: string | null;
  isCollective: boolean;
  willBeCreated: boolean;
  suggestions: { departmentId: string; name: string; score: number }[];
}

export interface PreviewItem {
  no: number;
  chapter: string | null;
  text: string;
  lead: string[];
  support: string[];
  dueOn: string | null;
  dueSource: 'STATED' | 'PLAN_DEFAULT' | 'ONGOING';
  corrected: boolean;
  /** Why the reading needs a person's look (Chinese); empty when it does not. */
  review: string[];
  reviewStatus: 'none' | 'pending' | 'confirmed' | 'corrected' | 'skipped';
}

export interface ImportCounts {
  items: number;
  chapters: number;
  sections: number;
  assignments: number;
  units: number;
  newUnits: number;
}

export interface ImportPreview {
  mode: 'preview';
  title: string;
  contentHash: string;
  documentNumber: string | null;
  issuedOn: string | null;
  existingPlanId: string | null;
  revisionOf: { planId: string; version: number } | null;
  diff: { added: number[]; changed: { no: number }[]; removed: number[]; unchanged: number } | null;
  counts: ImportCounts;
  units: PreviewUnit[];
  unknownUnits: string[];
  reviewCount: number;
  reviewItems: number[];
  unconfirmedReviewItems: number[];
  /** Items needing review first. */
  items: PreviewItem[];
  warnings: { line: number; message: string }[];
}

export interface ImportResult {
  mode: 'commit';
  planId: string;
  created: boolean;
  version: number;
  counts: ImportCounts;
  reminders: { pending: number; skipped: number };
}

/** A task in a supervision list (GET /supervision/overdue, /lagging, …). */
export interface SupervisionTask {
  taskId: string;
  planId: string;
  planTitle: string;
  no: number;
  text: string;
  status: TaskStatus;
  dueOn: string | null;
  workingDaysOverdue: number;
  workingDaysLeft: number | null;
  percent: number;
  expectedPercent: number | null;
  workingDaysSinceReport: number;
  leadDepartments: string[];
  supportDepartments: string[];
  lastReport: { percent: number; narrative: string; at: string; department: string } | null;
  escalationLevel: EscalationLevel | null;
  card: 'YELLOW' | 'RED' | null;
  noticeNo: string | null;
}

/** GET /supervision/stats?groupBy=department: one department's counts. */
export interface DepartmentStats {
  id: string;
  name: string;
  total: number;
  open: number;
  closed: number;
  overdue: number;
  closedOnTime: number;
  closedLate: number;
  onTimeRate: number | null;
}

/** GET /supervision/assessment: one department's score and rank for the year so far. */
export interface AssessmentRow {
  rank: number;
  departmentId: string;
  departmentName: string;
  score: number;
  leadMissed: number;
  supportMissed: number;
  unansweredNotices: number;
}

export type RegionLevel = 'PROVINCE' | 'CITY' | 'COUNTY';

export interface Region {
  id: string;
  code: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  departmentCount: number;
}

export interface DeriveResult {
  regions: number;
  created: number;
  linked: number;
  unmapped: { regionId: string; regionName: string; departments: string[] }[];
}

/** GET /plans: a plan with its place in the cascade. */
export interface PlanListItem extends PlanSummary {
  publishedAt: string | null;
  regionId: string | null;
  parentPlanId: string | null;
  taskCount: number;
}

export interface CascadePreview {
  mode: 'preview';
  planId: string;
  blocked: boolean;
  regions: {
    regionId: string;
    regionName: string;
    childPlanId: string | null;
    newTasks: number;
    unmapped: {
      departmentId: string;
      departmentName: string;
      role: AssignmentRole;
      items: number[];
    }[];
  }[];
}

export interface CascadeResult {
  mode: 'commit';
  planId: string;
  childPlans: { created: number; total: number };
  tasks: number;
  assignments: number;
  reminders: { pending: number; skipped: number };
  omittedSupport: number;
}

export type ChildState =
  'red' | 'yellow' | 'overdue' | 'lagging' | 'on_track' | 'closed' | 'withdrawn';

export interface ChildTask {
  taskId: string;
  planId: string;
  regionId: string | null;
  regionName: string | null;
  no: number;
  status: TaskStatus;
  state: ChildState;
  dueOn: string | null;
  percent: number;
  lastReportAt: string | null;
  leadDepartments: string[];
  childCount: number;
}

export interface TaskRollup {
  taskId: string;
  counts: Record<ChildState, number> & { total: number };
  children: ChildTask[];
}
