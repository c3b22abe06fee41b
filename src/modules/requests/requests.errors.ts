import { DomainException, forbidden, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { LocalDate } from '../../common/time/local-date';
import { TaskRequestKind, TaskRequestStatus } from '../../generated/prisma/enums';
import { ALLOWED_EVIDENCE_LABEL } from './evidence-type';

/** The errors of requests and the office's decisions, with the message a liaison reads. */

const KIND_LABEL: Record<TaskRequestKind, string> = {
  CLOSURE: '办结销号申请',
  EXTENSION: '延期申请',
  DISPUTE: '职责异议',
};

export const requestNotFound = () => notFound('该申请');

/** Requests and sub-deadlines are the lead department's (its liaison or head). */
export const notLeadDepartment = () => forbidden('只有牵头部门的联络员或负责人可以办理此事项');

/** An evidence file whose bytes are none of the accepted types (the name does not count). */
export const unsupportedEvidence = (fileName: string) =>
  new DomainException(
    ErrorCode.UNSUPPORTED_FILE_TYPE,
    `文件“${fileName}”不是可接受的类型,只能上传 ${ALLOWED_EVIDENCE_LABEL}`,
    { field: 'files', fileName },
  );

/** An ongoing task (持续推进) has no deadline to extend. */
export const noDeadlineToExtend = () =>
  new DomainException(ErrorCode.NO_DEADLINE, '该任务为持续推进事项,没有办结时限,无需申请延期', [
    { field: 'proposedDueOn', reason: '任务没有办结时限' },
  ]);

/** An extension is asked before the deadline passes, not after. */
export const deadlinePassed = (dueOn: LocalDate, today: LocalDate) =>
  new DomainException(
    ErrorCode.DEADLINE_PASSED,
    `办结时限(${dueOn})已过,不能再申请延期;延期须在时限届满前提出`,
    { dueOn, today },
  );

export const proposedDueOnNotLater = (dueOn: LocalDate) =>
  new DomainException(ErrorCode.VALIDATION_FAILED, `申请的新时限必须晚于当前办结时限(${dueOn})`, [
    { field: 'proposedDueOn', reason: `必须晚于 ${dueOn}` },
  ]);

export const disputeWindowClosed = (
  assignedOn: LocalDate,
  windowWorkingDays: number,
  elapsedWorkingDays: number,
) =>
  new DomainException(
    ErrorCode.DISPUTE_WINDOW_CLOSED,
    `职责异议须在交办后 ${windowWorkingDays} 个工作日内提出(交办日期 ${assignedOn},已过 ${elapsedWorkingDays} 个工作日)`,
    { assignedOn, windowWorkingDays, elapsedWorkingDays },
  );

/** One pending request of a kind per task. */
export const requestPending = (kind: TaskRequestKind, requestId: string) =>
  new DomainException(
    ErrorCode.REQUEST_PENDING,
    `该任务已有待处理的${KIND_LABEL[kind]},请等待督查室处理`,
    { requestId },
  );

/** Another decision took the request first (or is taking it). */
export const requestDecided = (status: TaskRequestStatus) =>
  new DomainException(
    ErrorCode.REQUEST_DECIDED,
    status === TaskRequestStatus.PENDING
      ? '该申请正在被他人处理,请刷新后查看结果'
      : '该申请已处理,不能重复处理,请刷新后查看结果',
    { status },
  );

/** A decision that does not fit the request's kind; `instead` names the ones that do. */
export const wrongDecision = (kind: TaskRequestKind, instead: string) =>
  new DomainException(
    ErrorCode.INVALID_TRANSITION,
    `${KIND_LABEL[kind]}不能这样处理;请选择${instead}`,
    { kind },
  );

export const unknownDepartments = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '指定的部门不存在', [
    { field: 'leadDepartmentIds', reason: '包含不存在的部门' },
  ]);

export const noLeadAfterReassign = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '重新交办后该任务没有牵头部门,请指定牵头部门', [
    { field: 'leadDepartmentIds', reason: '必须填写' },
  ]);

export const supportAssignmentNotFound = () => notFound('该配合部门的分工');

export const notASupportAssignment = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '只能为配合部门设定向牵头部门报送的时限', [
    { field: 'assignmentId', reason: '不是配合部门的分工' },
  ]);

export const subDueOnAfterDueOn = (dueOn: LocalDate) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `配合部门的报送时限不能晚于任务办结时限(${dueOn})`,
    [{ field: 'subDueOn', reason: `不能晚于 ${dueOn}` }],
  );

/** An evidence file over the size limit (the upload stops while it streams). */
export const evidenceTooLarge = (field: string | undefined, maxBytes: number) =>
  new DomainException(
    ErrorCode.FILE_TOO_LARGE,
    `上传的文件过大:每个文件不能超过 ${maxBytes / 1024 / 1024} MB`,
    { field, maxBytes },
  );

export const tooManyEvidenceFiles = (maxFiles: number) =>
  new DomainException(ErrorCode.TOO_MANY_FILES, `一次最多上传 ${maxFiles} 个文件`, { maxFiles });

/** A file sent under another multipart field than the evidence field. */
export const evidenceInWrongField = (field: string, evidenceField: string) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `文件请放在“${evidenceField}”字段中上传(${ALLOWED_EVIDENCE_LABEL})`,
    [{ field, reason: '不是可接受的字段' }],
  );

/** Any other multipart limit or malformation; `reason` is the parser's code. */
export const malformedUpload = (field: string, reason: string) =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '上传的内容格式不正确', [{ field, reason }]);

const CLAIMED_LABEL: Record<string, string> = {
  pdf: 'PDF 文件',
  png: 'PNG 图片',
  jpg: 'JPG 图片',
  docx: 'Word(docx)文件',
  xlsx: 'Excel(xlsx)文件',
  zip: 'Word 或 Excel 文件',
};

/** The first bytes claim a type the content is not (a PNG signature over SVG, `%PDF-` over HTML). */
export const evidenceContentMismatch = (fileName: string, claimed: string) =>
  new DomainException(
    ErrorCode.FILE_CONTENT_MISMATCH,
    `文件“${fileName}”看起来是${CLAIMED_LABEL[claimed] ?? '可接受的文件'},但内容已损坏或并非该类型,无法接受。` +
      `请上传完整有效的 ${ALLOWED_EVIDENCE_LABEL} 文件`,
    { field: 'files', fileName, claimed },
  );

/** An evidence file over a cap, or whose check ran out of time or memory (`code` says which). */
export const evidenceTooComplex = (
  fileName: string,
  code: ErrorCode.DOCUMENT_TOO_COMPLEX | ErrorCode.DOCUMENT_PARSE_TIMEOUT,
  reason: string,
) => new DomainException(code, `文件“${fileName}”:${reason}`, { field: 'files', fileName });

/** Every document worker is busy: the upload is refused as a whole, nothing stored. */
export const documentWorkersBusy = (message: string) =>
  new DomainException(ErrorCode.DOCUMENT_PARSER_BUSY, message);

/** 上级交办, 人大建议, 政协提案: the reply is the closure evidence. */
export const replyRequired = () =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    '上级交办事项、人大建议和政协提案以答复作为办结佐证:请上传答复函(files)、附上答复链接(links)或填写答复内容(reply)',
    [{ field: 'reply', reason: '必须附上答复(文件、链接或文字)' }],
  );
