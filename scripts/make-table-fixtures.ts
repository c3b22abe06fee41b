/**
 * Writes the table fixtures under test/fixtures/tables/ (composed documents, not real plans):
 *
 *   business-env.xlsx       示例市 优化营商环境 — merged title and category rows, a lead merged
 *                           down two rows, a date-typed deadline cell, units on separate lines
 *                           in one cell, a first sheet without a table
 *   social-governance-tw.xlsx  traditional-Chinese headers and text (序號/牽頭單位/協同單位/…)
 *   rural-revitalization.docx  Word table with a two-row header (责任单位 over 牵头单位|配合单位),
 *                           merged category rows and a lead cell merged down two rows
 *   wrong-columns.xlsx      a table without a unit column
 *   truncated.xlsx          the first half of business-env.xlsx
 *
 * The pasted-as-text table (livelihood-pasted.txt) and every `*.expected.json` are written by
 * hand. Run: `node -r @swc-node/register scripts/make-table-fixtures.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
} from 'docx';

const OUT = join(__dirname, '../test/fixtures/tables');
const FIXED_DATE = new Date(Date.UTC(2024, 0, 2, 0, 0, 0));

type Row = Array<string | Date | null>;

function workbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'duban fixtures';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

function addRows(ws: ExcelJS.Worksheet, rows: Row[]): void {
  rows.forEach((values, i) => {
    const row = ws.getRow(i + 1);
    values.forEach((v, c) => {
      if (v !== null) row.getCell(c + 1).value = v;
    });
  });
  ws.columns.forEach((col, i) => (col.width = i === 1 ? 60 : 18));
}

async function businessEnvironment(): Promise<Buffer> {
  const wb = workbook();
  const notes = wb.addWorksheet('填报说明');
  notes.getCell('A1').value = '填报说明';
  notes.getCell('A2').value = '请各牵头单位于每月25日前报送工作进展。';

  const ws = wb.addWorksheet('任务分工');
  const rows: Row[] = [
    ['示例市2024年优化营商环境重点任务分工方案'],
    ['示政办发〔2024〕15号'],
    ['序号', '重点工作', '牵头单位', '配合单位', '责任领导', '完成时限', '备注'],
    ['一、提升政务服务效能'],
    [
      '1',
      '推行企业开办“一网通办”，将企业开办时间压缩至1个工作日以内。',
      '市市场监管局',
      '市政务服务中心、市公安局、市税务局',
      '王明',
      '2024年6月底前',
    ],
    [
      '2',
      '深化工程建设项目审批制度改革，全流程审批时间控制在60个工作日以内。',
      '市住房城乡建设局',
      '市自然资源和规划局\n市生态环境局',
      '李华',
      new Date(Date.UTC(2024, 8, 30)),
    ],
    [
      '3',
      '推进水电气网联合报装，办理时限不超过5个工作日。',
      null,
      '市供电公司、市水务集团',
      '李华',
      '2024年12月31日前',
    ],
    ['二、优化市场环境'],
    ['（一）加强市场主体培育'],
    [
      '4',
      '实施市场主体培育行动，全年新增市场主体不少于8000户。',
      '市市场监管局',
      '各区县人民政府',
      '张强',
      '2024年底前',
    ],
    ['5', '落实减税降费政策，确保应享尽享。', '市税务局', '市财政局', '张强', '长期坚持'],
    [
      '6',
      '建立常态化政企沟通机制，每季度召开一次企业家座谈会。',
      '市工商联',
      '市发展改革委、市工业和信息化局',
      '王明',
      '每季度',
    ],
    [
      '7',
      '完善社会信用体系，守信激励和失信惩戒措施覆盖率达到95%以上。',
      '市发展改革委',
      '市中级人民法院、人民银行示例市分行',
      '李华',
      '2025年6月30日',
    ],
    ['8', '开展营商环境满意度第三方评估。', null, null, null, '2024年11月底前'],
  ];
  addRows(ws, rows);
  ws.mergeCells('A1:G1');
  ws.mergeCells('A2:G2');
  ws.mergeCells('A4:G4');
  ws.mergeCells('A8:G8');
  ws.mergeCells('C6:C7'); // one lead for items 2 and 3
  ws.getCell('F6').numFmt = 'yyyy"年"m"月"d"日"';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function socialGovernanceTraditional(): Promise<Buffer> {
  const wb = workbook();
  const ws = wb.addWorksheet('任務分工');
  addRows(ws, [
    ['示例市2024年社會治理重點任務分工表'],
    ['序 號', '重點工作', '牽頭單位', '協同單位', '責任領導', '完成時限'],
    ['一、推進矛盾糾紛化解'],
    [
      '1',
      '健全矛盾糾紛多元化解機制，調解成功率達到98%以上。',
      '市司法局',
      '市信訪局、市法院',
      '周敏',
      '2024年12月底前',
    ],
    [
      '2',
      '推進網格化服務管理，每個網格配備專職網格員不少於1名。',
      '市委政法委',
      '各區縣人民政府',
      '周敏',
      '2024年9月30日前',
    ],
    ['二、加強公共安全'],
    [
      '3',
      '加強公共安全隱患排查整治。',
      '市應急管理局',
      '市公安局、市消防救援支隊',
      '吳剛',
      '長期堅持',
    ],
  ]);
  ws.mergeCells('A1:F1');
  ws.mergeCells('A3:F3');
  ws.mergeCells('A6:F6');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function wrongColumns(): Promise<Buffer> {
  const wb = workbook();
  const ws = wb.addWorksheet('Sheet1');
  addRows(ws, [
    ['2024年重点项目进度表'],
    ['序号', '重点工作', '完成情况', '备注'],
    ['1', '建设城市综合管廊。', '已完成60%', ''],
  ]);
  ws.mergeCells('A1:D1');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cell(
  text: string,
  opts: { columnSpan?: number; rowSpan?: number; merge?: 'restart' | 'continue' } = {},
): TableCell {
  return new TableCell({
    children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })),
    ...(opts.columnSpan ? { columnSpan: opts.columnSpan } : {}),
    ...(opts.rowSpan ? { rowSpan: opts.rowSpan } : {}),
    ...(opts.merge === 'restart' ? { verticalMerge: VerticalMergeType.RESTART } : {}),
    ...(opts.merge === 'continue' ? { verticalMerge: VerticalMergeType.CONTINUE } : {}),
  });
}

async function ruralRevitalization(): Promise<Buffer> {
  const row = (cells: TableCell[]) => new TableRow({ children: cells });
  const item = (
    no: string,
    task: string,
    lead: string | TableCell,
    support: string,
    leader: string,
    deadline: string,
  ) =>
    row([
      cell(no),
      cell(task),
      typeof lead === 'string' ? cell(lead) : lead,
      cell(support),
      cell(leader),
      cell(deadline),
    ]);
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      row([
        cell('序号', { merge: 'restart' }),
        cell('工作任务', { merge: 'restart' }),
        cell('责任单位', { columnSpan: 2 }),
        cell('分管领导', { merge: 'restart' }),
        cell('时间节点', { merge: 'restart' }),
      ]),
      row([
        cell('', { merge: 'continue' }),
        cell('', { merge: 'continue' }),
        cell('牵头单位'),
        cell('配合单位'),
        cell('', { merge: 'continue' }),
        cell('', { merge: 'continue' }),
      ]),
      row([cell('一、发展乡村产业', { columnSpan: 6 })]),
      item(
        '1',
        '实施高标准农田建设，新建高标准农田面积达到2万亩。',
        cell('县农业农村局', { merge: 'restart' }),
        '县财政局、县自然资源局',
        '陈刚',
        '2024年10月底前',
      ),
      item(
        '2',
        '培育壮大农业龙头企业，新增市级以上龙头企业不少于5家。',
        cell('', { merge: 'continue' }),
        '县市场监管局',
        '陈刚',
        '2024年底前',
      ),
      row([cell('二、推进乡村建设', { columnSpan: 6 })]),
      item(
        '3',
        '推进农村人居环境整治，农村卫生厕所普及率达到90%以上。',
        '县农业农村局',
        '县卫生健康局、各乡镇人民政府',
        '刘芳',
        '6月底前',
      ),
      item(
        '4',
        '加强农村公路养护，农村公路提档升级里程达到50公里。',
        '县交通运输局',
        '各乡镇人民政府',
        '刘芳',
        '2024年11月30日前',
      ),
      item(
        '5',
        '健全农村养老服务网络，每季度开展一次特困老人走访。',
        '县民政局',
        '',
        '刘芳',
        '每季度',
      ),
      item(
        '6',
        '完善农村防汛预案，汛前完成隐患排查。',
        '县应急管理局',
        '县水利局',
        '陈刚',
        '2024年5月31日前',
      ),
    ],
  });
  const doc = new Document({
    creator: 'duban fixtures',
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, text: '示县政办〔2024〕21号' }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({ text: '示例县2024年乡村振兴重点工作任务分工方案', bold: true }),
            ],
          }),
          new Paragraph({ alignment: AlignmentType.RIGHT, text: '2024年3月15日' }),
          table,
          new Paragraph('备注：各牵头单位每季度末向县委农办报送工作进展。'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const business = await businessEnvironment();
  writeFileSync(join(OUT, 'business-env.xlsx'), business);
  writeFileSync(join(OUT, 'truncated.xlsx'), business.subarray(0, Math.floor(business.length / 2)));
  writeFileSync(join(OUT, 'social-governance-tw.xlsx'), await socialGovernanceTraditional());
  writeFileSync(join(OUT, 'wrong-columns.xlsx'), await wrongColumns());
  writeFileSync(join(OUT, 'rural-revitalization.docx'), await ruralRevitalization());
  console.log(`table fixtures written to ${OUT}`);
}

void main();
