/**
 * The API's shapes as the interface reads them: names for the schemas of the generated
 * api-types.gen.ts (`npm run gen:web-types` writes it from the server's OpenAPI document; the
 * DTOs under src/modules/*\/dto declare it). Change a shape in the server's DTO, then regenerate.
 */
import type { components } from './api-types.gen';

type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export type Role = Schema<'Role'>;
export type TaskStatus = Schema<'TaskStatus'>;
export type AssignmentRole = Schema<'AssignmentRole'>;
export type EscalationLevel = Schema<'EscalationLevel'>;
export type RequestKind = Schema<'RequestKind'>;
export type RequestStatus = Schema<'RequestStatus'>;
export type RegionLevel = Schema<'RegionLevel'>;
export type ChildState = Schema<'ChildState'>;
export type WorkSource = Schema<'WorkSource'>;
export type AckState = Schema<'AckState'>;

export type SessionUser = Schema<'SessionUserDto'>;
export type SignedIn = Schema<'LoginResponseDto'>;
export type SecondFactorChallenge = Schema<'SecondFactorChallengeDto'>;
export type TotpSetup = Schema<'TotpSetupDto'>;
export type TotpEnabled = Schema<'TotpEnabledDto'>;
export type Account = Schema<'AccountDto'>;
export type SecurityPolicy = Schema<'SecurityPolicyDto'>;
export type MyTask = Schema<'MyTaskDto'>;
export type TaskAssignment = Schema<'TaskAssignmentDto'>;
export type ProgressReport = Schema<'ProgressReportDto'>;
export type TaskDetail = Schema<'TaskDetailDto'>;
export type AuditEvent = Schema<'AuditEventDto'>;
export type AuditTrailEvent = Schema<'AuditTrailEventDto'>;
export type AuditEventPage = Schema<'AuditEventPageDto'>;
export type IssuedNotice = Schema<'IssuedNoticeDto'>;
export type TaskNotices = Schema<'TaskNoticesDto'>;
export type Evidence = Schema<'EvidenceViewDto'>;
export type TaskRequest = Schema<'RequestViewDto'>;
export type RequestResult = Schema<'RequestResultDto'>;
export type InboxMessage = Schema<'InboxMessageDto'>;
export type Department = Schema<'DepartmentDto'>;
export type Person = Schema<'PersonDto'>;

export type CalendarYearSummary = Schema<'CalendarYearSummaryDto'>;
export type CalendarYear = Schema<'CalendarYearDto'>;
export type CalendarDay = Schema<'CalendarDayDto'>;
export type CalendarChange = Schema<'ReplaceCalendarYearResultDto'>;

/** GET /plans: a plan with its place in the cascade. */
export type PlanListItem = Schema<'PlanListItemDto'>;
/** What a plan picker shows of a plan (any plan list item is one). */
export type PlanSummary = Pick<PlanListItem, 'id' | 'title' | 'documentNumber'>;
export type PlanPolicy = Schema<'PlanPolicyDto'>;
export type PolicyChange = Schema<'PolicyChangeDto'>;

export type PreviewUnit = Schema<'PreviewUnitDto'>;
export type PreviewItem = Schema<'PreviewItemDto'>;
export type ImportCounts = Schema<'PlanImportCountsDto'>;
export type ImportPreview = Schema<'PlanImportPreviewDto'>;
export type ImportResult = Schema<'PlanImportResultDto'>;

/** A task in a supervision list (GET /supervision/overdue, /lagging, …). */
export type SupervisionTask = Schema<'SupervisionTaskDto'>;
/** GET /supervision/overdue: the same rows as every supervision list. */
export type OverdueTask = SupervisionTask;
export type OverdueByDepartment = Schema<'OverdueByDepartmentDto'>;
/** GET /supervision/stats?groupBy=department: one department's counts. */
export type DepartmentStats = Schema<'StatsRowDto'>;
/** GET /supervision/assessment: one department's score and rank for the year so far. */
export type AssessmentRow = Schema<'AssessmentRowDto'>;

export type Region = Schema<'RegionViewDto'>;
export type DeriveResult = Schema<'DeriveResultDto'>;
export type CascadePreview = Schema<'CascadePreviewDto'>;
export type CascadeResult = Schema<'CascadeResultDto'>;
export type ChildTask = Schema<'ChildTaskDto'>;
export type TaskRollup = Schema<'TaskRollupDto'>;

/** The closure review chain (审核), reports on behalf (代报) and deputies (委托). */
export type ReviewStep = Schema<'ReviewStepViewDto'>;
export type MyReview = Schema<'MyReviewDto'>;
export type Deputy = Schema<'DeputyDto'>;
export type DeputyCandidate = Schema<'DeputyCandidateDto'>;
export type OnBehalfChannel = Schema<'OnBehalfChannel'>;
/** 签收情况: the office's acknowledgement board (GET /supervision/acknowledgements). */
export type AckBoard = Schema<'AckBoardDto'>;
export type AckItem = Schema<'AckItemDto'>;
export type AckRate = Schema<'AckRateDto'>;
export type AckStateResult = Schema<'AckStateDto'>;
export type QueueBoardSession = Schema<'QueueBoardSessionDto'>;
