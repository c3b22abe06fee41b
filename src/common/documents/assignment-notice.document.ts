import { documentDate, renderOfficialDocument, type DocumentBlock } from './official-layout';

/** One task of an assignment notice, as the department is to carry it out. */
export interface AssignmentNoticeItemInput {
  no: number;
  text: string;
  role: 'LEAD' | 'SUPPORT';
  /** The task's lead departments (shown to a supporting department) and supporting ones. */
  leadDepartments: string[];
  supportDepartments: string[];
  /** YYYY-MM-DD, or null for ongoing work (持续推进). */
  dueOn: string | null;
  /** How progress is reported, e.g. 每月25日前报送进展 (null: no periodic report). */
  cadence: string | null;
}

/** What a 交办通知 says (read from the database by the notices module). */
export interface AssignmentNoticeInput {
  issuer: string;
  /** 交〔2026〕12号 */
  number: string;
  /** Issue date, YYYY-MM-DD (Asia/Shanghai). */
  issuedOn: string;
  departmentName: string;
  /** The container: a plan's title, an instruction's, a meeting's … */
  containerTitle: string;
  /** Its document number (文号, minutes or reference number), if any. */
  containerNumber: string | null;
  /** What kind of work it is, in Chinese: 责任分解方案, 领导批示件, 会议议定事项 … */
  sourceLabel: string;
  items: AssignmentNoticeItemInput[];
  /** The last day to acknowledge (签收) or return the work; null = not planned. */
  ackDueOn: string | null;
  /** The office's contact people, e.g. 王敏(督查室). */
  contact: string | null;
}

const ROLE = { LEAD: '牵头', SUPPORT: '配合' } as const;

function units(names: string[]): string {
  return names.length > 0 ? names.join('、') : '—';
}

/** The notice's body: what is assigned, in a table, then what the department is to do. */
export function assignmentNoticeBody(n: AssignmentNoticeInput): DocumentBlock[] {
  const leads = n.items.filter((i) => i.role === 'LEAD').length;
  const supports = n.items.length - leads;
  const share = [leads ? `牵头${leads}项` : '', supports ? `配合${supports}项` : '']
    .filter(Boolean)
    .join('、');
  const from = `《${n.containerTitle}》${n.containerNumber ? `(${n.containerNumber})` : ''}`;
  const blocks: DocumentBlock[] = [
    {
      kind: 'paragraph',
      text: `根据${from}(${n.sourceLabel}),现将其中由你单位承担的${n.items.length}项任务(${share})交由你单位办理。请认真组织落实,确保按期保质完成。`,
    },
    { kind: 'heading', text: '一、交办事项' },
    {
      kind: 'table',
      header: ['序号', '任务内容', '承担方式', '完成时限', '进展报送'],
      widths: [8, 48, 16, 14, 14],
      rows: n.items.map((i) => [
        `第${i.no}项`,
        i.text,
        i.role === 'LEAD'
          ? `牵头\n配合:${units(i.supportDepartments)}`
          : `配合\n牵头:${units(i.leadDepartments)}`,
        i.dueOn ? documentDate(i.dueOn) : '持续推进',
        i.cadence ?? '按要求报送',
      ]),
    },
    { kind: 'heading', text: '二、有关要求' },
    {
      kind: 'paragraph',
      text: n.ackDueOn
        ? `(一)请于${documentDate(n.ackDueOn)}前登录督办系统签收。如认为有关任务不属于你单位职责,请在签收期限内退回并说明理由。`
        : '(一)请收到本通知后及时登录督办系统签收。如认为有关任务不属于你单位职责,请在签收期限内退回并说明理由。',
    },
    {
      kind: 'paragraph',
      text: `(二)牵头单位负责统筹推进,汇总配合单位进展后按时报送;配合单位按牵头单位要求报送承担部分的进展。任务${ROLE.LEAD}和${ROLE.SUPPORT}单位均应明确责任领导和联络员。`,
    },
    {
      kind: 'paragraph',
      text: '(三)任务办结后,请提交办结申请及佐证材料,经审核后销号;确需延期的,请在完成时限前提出延期申请。',
    },
  ];
  if (n.contact) blocks.push({ kind: 'paragraph', text: `联系人:${n.contact}。` });
  return blocks;
}

/** The 交办通知 as .docx. */
export function renderAssignmentNotice(n: AssignmentNoticeInput): Promise<Buffer> {
  return renderOfficialDocument({
    issuer: n.issuer,
    number: n.number,
    year: Number(n.issuedOn.slice(0, 4)),
    title: `关于交办《${n.containerTitle}》有关任务的通知`,
    addressee: n.departmentName,
    body: assignmentNoticeBody(n),
    date: n.issuedOn,
    subject: `交办通知 ${n.number}`,
  });
}
