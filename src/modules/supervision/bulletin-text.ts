import type { BulletinDto, BulletinTaskDto } from './dto/bulletin.dto';
import { chineseDate } from './period';
import { WORK_SOURCE_LABELS } from '../tasks/work-source';

const leads = (t: BulletinTaskDto) =>
  t.leadDepartments.length > 0 ? `牵头单位:${t.leadDepartments.join('、')}` : '未明确牵头单位';

/**
 * How an item is named: a plan item by its number; other work by its source and document
 * (【领导批示件 · 苏政批〔2026〕3号】), a meeting's decision with its number too.
 */
function item(t: BulletinTaskDto): string {
  if (t.source === 'PLAN') return `第${t.no}项 ${t.text}`;
  const origin = `【${WORK_SOURCE_LABELS[t.source]} · ${t.planDocumentNumber ?? t.planTitle}】`;
  return t.source === 'MEETING' ? `${origin}第${t.no}项 ${t.text}` : `${origin}${t.text}`;
}

/** The draft bulletin (通报) as Chinese Markdown, for the office to edit before issuing. */
export function renderBulletin(b: BulletinDto): string {
  const lines: string[] = [];
  lines.push(`# 督查通报(草稿)`, '');
  if (b.planTitle) lines.push(`**方案:** ${b.planTitle}`, '');
  if (b.sources)
    lines.push(`**来源:** ${b.sources.map((x) => WORK_SOURCE_LABELS[x]).join('、')}`, '');
  lines.push(
    `**统计期间:** ${chineseDate(b.from)}至${chineseDate(b.to)}(数据截至${chineseDate(b.asOf)})`,
    '',
  );
  const t = b.totals;
  lines.push(
    '## 一、总体情况',
    '',
    `共督办任务${t.tasks}项,已办结${t.closed}项(其中本期办结${t.closedInPeriod}项),` +
      `正在推进${t.open}项,逾期未办结${t.overdue}项;本期发出红牌警示${t.redCardsInPeriod}次。`,
    '',
  );
  if (b.bySource.length > 1) {
    lines.push(
      '按来源:' +
        b.bySource
          .map((x) => `${x.label}${x.tasks}项(已办结${x.closed}项,逾期未办结${x.overdue}项)`)
          .join(';') +
        '。',
      '',
    );
  }
  lines.push('## 二、本期办结事项', '');
  if (b.closed.length === 0) lines.push('本期无办结事项。');
  b.closed.forEach((c, i) =>
    lines.push(
      `${i + 1}. ${item(c)}(${leads(c)};${c.closedOn ? `${chineseDate(c.closedOn)}办结` : '已办结'})`,
    ),
  );
  lines.push('', '## 三、逾期未办结事项', '');
  if (b.overdue.length === 0) lines.push('无逾期未办结事项。');
  b.overdue.forEach((o, i) =>
    lines.push(
      `${i + 1}. ${item(o)}(${leads(o)};完成时限${o.dueOn ? chineseDate(o.dueOn) : '未定'},` +
        `已逾期${o.workingDaysOverdue}个工作日${o.card === 'RED' ? ',红牌警示' : o.card === 'YELLOW' ? ',黄牌督办' : ''})`,
    ),
  );
  lines.push('', '## 四、进度滞后单位', '');
  if (b.laggards.length === 0) lines.push('无。');
  b.laggards.forEach((l, i) =>
    lines.push(
      `${i + 1}. ${l.departmentName}:牵头事项逾期${l.overdueLead}项,配合事项逾期${l.overdueSupport}项` +
        `${l.redCards > 0 ? `,本期红牌${l.redCards}次` : ''}。`,
    ),
  );
  lines.push(
    '',
    '请以上单位高度重视,逐项分析原因,明确整改措施和完成时限,并于5个工作日内将整改情况报督查室。',
    '',
  );
  return lines.join('\n');
}
