import { documentDate, renderOfficialDocument, type DocumentBlock } from './official-layout';

/** One task listed in a bulletin. */
export interface BulletinItemInput {
  no: number;
  text: string;
  planTitle: string;
  leadDepartments: string[];
  dueOn: string | null;
  closedOn: string | null;
  workingDaysOverdue: number;
  card: 'RED' | 'YELLOW' | null;
}

/** What a 通报 says: the office's draft bulletin (supervision's BulletinDto) and its number. */
export interface BulletinInput {
  issuer: string;
  /** 通报〔2026〕2号; null = the draft, not yet issued (the number line is left blank). */
  number: string | null;
  /** Issue (or draft) date, YYYY-MM-DD. */
  issuedOn: string;
  from: string;
  to: string;
  asOf: string;
  planTitle: string | null;
  totals: {
    tasks: number;
    closed: number;
    open: number;
    overdue: number;
    closedInPeriod: number;
    redCardsInPeriod: number;
  };
  closed: BulletinItemInput[];
  overdue: BulletinItemInput[];
  laggards: {
    departmentName: string;
    overdueLead: number;
    overdueSupport: number;
    redCards: number;
  }[];
}

const CARD = { RED: '红牌', YELLOW: '黄牌' } as const;

/** The bulletin's body: the same four parts as the Markdown draft, lists as tables. */
export function bulletinBody(b: BulletinInput): DocumentBlock[] {
  const t = b.totals;
  const date = documentDate;
  const leads = (i: BulletinItemInput) => i.leadDepartments.join('、') || '未明确';
  const blocks: DocumentBlock[] = [
    {
      kind: 'paragraph',
      text: `现将${date(b.from)}至${date(b.to)}${b.planTitle ? `《${b.planTitle}》` : '督办事项'}落实情况通报如下(数据截至${date(b.asOf)}):`,
    },
    { kind: 'heading', text: '一、总体情况' },
    {
      kind: 'paragraph',
      text:
        `共督办任务${t.tasks}项,已办结${t.closed}项(其中本期办结${t.closedInPeriod}项),` +
        `正在推进${t.open}项,逾期未办结${t.overdue}项;本期发出红牌警示${t.redCardsInPeriod}次。`,
    },
    { kind: 'heading', text: '二、本期办结事项' },
  ];
  if (b.closed.length === 0) blocks.push({ kind: 'paragraph', text: '本期无办结事项。' });
  else
    blocks.push({
      kind: 'table',
      header: ['序号', '任务', '牵头单位', '办结日期'],
      widths: [8, 56, 20, 16],
      rows: b.closed.map((c, i) => [
        String(i + 1),
        `第${c.no}项 ${c.text}`,
        leads(c),
        c.closedOn ? date(c.closedOn) : '已办结',
      ]),
    });
  blocks.push({ kind: 'heading', text: '三、逾期未办结事项' });
  if (b.overdue.length === 0) blocks.push({ kind: 'paragraph', text: '无逾期未办结事项。' });
  else
    blocks.push({
      kind: 'table',
      header: ['序号', '任务', '牵头单位', '完成时限', '逾期情况'],
      widths: [7, 47, 18, 14, 14],
      rows: b.overdue.map((o, i) => [
        String(i + 1),
        `第${o.no}项 ${o.text}`,
        leads(o),
        o.dueOn ? date(o.dueOn) : '未定',
        `${o.workingDaysOverdue}个工作日${o.card ? `\n${CARD[o.card]}` : ''}`,
      ]),
    });
  blocks.push({ kind: 'heading', text: '四、进度滞后单位' });
  if (b.laggards.length === 0) blocks.push({ kind: 'paragraph', text: '无。' });
  else
    blocks.push({
      kind: 'table',
      header: ['单位', '牵头事项逾期', '配合事项逾期', '本期红牌'],
      widths: [40, 20, 20, 20],
      rows: b.laggards.map((l) => [
        l.departmentName,
        `${l.overdueLead}项`,
        `${l.overdueSupport}项`,
        `${l.redCards}次`,
      ]),
    });
  blocks.push({
    kind: 'paragraph',
    text: `请以上单位高度重视,逐项分析原因,明确整改措施和完成时限,并于5个工作日内将整改情况报${b.issuer}。`,
  });
  return blocks;
}

/** The 通报 as .docx. */
export function renderBulletinDocument(b: BulletinInput): Promise<Buffer> {
  return renderOfficialDocument({
    issuer: b.issuer,
    number: b.number,
    year: Number(b.issuedOn.slice(0, 4)),
    title: `关于${b.planTitle ? `《${b.planTitle}》` : '督办事项'}落实情况的通报${b.number ? '' : '(草稿)'}`,
    addressee: '各有关单位',
    body: bulletinBody(b),
    date: b.issuedOn,
    subject: `通报 ${b.number ?? '(草稿)'}`,
  });
}
