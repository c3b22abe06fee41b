import ExcelJS from 'exceljs';
import { NOTES_SHEET_NAME, SHEET_COLUMNS, SHEET_NAME, SOURCE_LABELS } from './work-sheet.columns';

/** The notes sheet: one line per rule the office needs to fill the template. */
const NOTES = [
  '督办事项批量录入模板 填写说明',
  '',
  '1. 在“督办事项”工作表中每行填写一个事项,第一行表头请勿修改;示例行可以删除。',
  `2. 来源:从下拉列表选择:${Object.values(SOURCE_LABELS).join('、')}。`,
  '3. 分组:同一来源、同一分组号的多行合为一件(如同一次会议的多项议定事项、同一件批示交办的多个事项);标题、文号、日期、批示领导只需填在该组第一行。不填分组则每行单独成件。',
  '4. 标题或会议名称:会议议定事项必填会议名称;其他来源可不填,默认取事项内容开头。',
  '5. 文号:批示件文号、会议纪要号、上级交办文号、人大建议号、政协提案号;上级交办、人大建议、政协提案必填。',
  '6. 日期:批示日期或会议日期(批示件、会议议定事项必填),请填写日期,或按 2026-12-31 格式填写文字。',
  '7. 批示领导:领导批示必填,填写系统中领导账号的姓名。',
  '8. 牵头单位、配合单位:填写单位名录中的单位名称或简称(别名),多个单位用顿号“、”分隔;牵头单位必填。',
  '9. 办结时限:日期(人大建议、政协提案填答复时限);长期事项填“是”并留空办结时限,按报送周期报送进展。',
  '10. 上传后先预览:有错误时会列出行号和列名,全部改正后才能导入;导入时全部成功或全部不导入。',
];

/** The example row under the header (a meeting decision: the most complete shape). */
const EXAMPLE = [
  SOURCE_LABELS.MEETING,
  '1',
  '市政府第12次常务会议',
  '常务会议纪要〔2026〕12号',
  '2026-12-01',
  '',
  '加快推进老旧小区改造,年底前完成开工任务',
  '市住房城乡建设局',
  '市财政局、市发展改革委',
  '2027-06-30',
  '',
];

/**
 * The downloadable template (.xlsx): the header row, the 来源 column limited to the sources by a
 * drop-down list, an example row, and the notes sheet.
 */
export async function buildWorkTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'duban';
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = SHEET_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  ws.addRow(EXAMPLE);
  // Dates as text columns would be read as typed; these cells keep dates as dates.
  const sourceList = `"${Object.values(SOURCE_LABELS).join(',')}"`;
  for (let r = 2; r <= 1000; r++) {
    ws.getCell(r, 1).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [sourceList],
      showErrorMessage: true,
      errorTitle: '来源',
      error: `请从列表中选择:${Object.values(SOURCE_LABELS).join('、')}`,
    };
    ws.getCell(r, 11).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"是,否"'],
    };
  }
  const notes = wb.addWorksheet(NOTES_SHEET_NAME);
  notes.getColumn(1).width = 110;
  for (const line of NOTES) notes.addRow([line]).alignment = { wrapText: true };
  notes.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
