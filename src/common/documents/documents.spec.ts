import { readDocx } from '../../../test/support/docx-read';
import { renderAssignmentNotice } from './assignment-notice.document';
import { renderBulletinDocument } from './bulletin.document';
import { documentDate } from './official-layout';
import { renderSupervisionNotice } from './supervision-notice.document';

describe('official documents (.docx)', () => {
  it('an assignment notice carries its number, addressee, tasks, roles, deadlines, issuer, date and the official fonts', async () => {
    const buf = await renderAssignmentNotice({
      issuer: '江苏省督查室',
      number: '交〔2026〕12号',
      issuedOn: '2026-12-07',
      departmentName: '省民政厅',
      containerTitle: '江苏省责任分解方案',
      containerNumber: '苏办〔2012〕85号',
      sourceLabel: '责任分解方案',
      items: [
        {
          no: 31,
          text: '加快养老服务设施建设',
          role: 'LEAD',
          leadDepartments: ['省民政厅'],
          supportDepartments: ['省财政厅', '省发展改革委'],
          dueOn: '2027-06-30',
          cadence: '每月25日前报送进展',
        },
        {
          no: 40,
          text: '完善社会救助体系',
          role: 'SUPPORT',
          leadDepartments: ['省人力资源社会保障厅'],
          supportDepartments: ['省民政厅'],
          dueOn: null,
          cadence: null,
        },
      ],
      ackDueOn: '2026-12-10',
      contact: '王敏(江苏省督查室)',
    });
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const doc = await readDocx(buf);
    for (const s of [
      '江苏省督查室文件',
      '交〔2026〕12号',
      '关于交办《江苏省责任分解方案》有关任务的通知',
      '省民政厅:',
      '苏办〔2012〕85号',
      '第31项',
      '加快养老服务设施建设',
      '配合:省财政厅、省发展改革委',
      '牵头:省人力资源社会保障厅',
      '2027年6月30日',
      '持续推进',
      '每月25日前报送进展',
      '请于2026年12月10日前登录督办系统签收',
      '联系人:王敏(江苏省督查室)',
      '2026年12月7日',
    ]) {
      expect(doc.text).toContain(s);
    }
    expect(doc.text).toContain('承担的2项任务(牵头1项、配合1项)');
    // The issuer signs below the body, the date last.
    expect(doc.text.lastIndexOf('江苏省督查室')).toBeGreaterThan(doc.text.indexOf('联系人'));
    expect(doc.documentXml).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc.documentXml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(doc.documentXml).toContain('w:eastAsia="黑体"');
    expect(doc.documentXml).toContain('w:color w:val="FF0000"');
    expect(doc.fontTableXml).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(doc.fontTableXml).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
  });

  it('a supervision notice says how overdue and what is required by when', async () => {
    const doc = await readDocx(
      await renderSupervisionNotice({
        issuer: '督查室',
        number: '督〔2026〕3号',
        issuedOn: '2026-12-07',
        leadDepartments: ['省民政厅', '省财政厅'],
        containerTitle: '方案',
        taskNo: 7,
        taskText: '建设养老院',
        dueOn: '2026-11-27',
        workingDaysOverdue: 6,
        answerBy: '2026-12-14',
      }),
    );
    for (const s of [
      '督查室督办单',
      '督〔2026〕3号',
      '省民政厅、省财政厅:',
      '第7项',
      '建设养老院',
      '已逾期6个工作日',
      '于2026年12月14日前书面报送督查室',
      '2026年12月7日',
    ]) {
      expect(doc.text).toContain(s);
    }
  });

  it('a bulletin lists its items; a draft leaves the number blank', async () => {
    const item = {
      no: 5,
      text: '推进项目',
      planTitle: '方案',
      leadDepartments: ['省交通运输厅'],
      dueOn: '2026-10-31',
      closedOn: null,
      workingDaysOverdue: 26,
      card: 'RED' as const,
    };
    const input = {
      issuer: '督查室',
      number: '通报〔2026〕2号',
      issuedOn: '2026-12-07',
      from: '2026-11-01',
      to: '2026-11-30',
      asOf: '2026-11-30',
      planTitle: '方案',
      totals: { tasks: 10, closed: 3, open: 7, overdue: 1, closedInPeriod: 2, redCardsInPeriod: 1 },
      closed: [],
      overdue: [item],
      laggards: [
        { departmentName: '省交通运输厅', overdueLead: 1, overdueSupport: 0, redCards: 1 },
      ],
    };
    const issued = await readDocx(await renderBulletinDocument(input));
    for (const s of [
      '通报〔2026〕2号',
      '各有关单位:',
      '共督办任务10项,已办结3项',
      '本期无办结事项。',
      '第5项 推进项目',
      '26个工作日',
      '红牌',
      '省交通运输厅',
      '2026年12月7日',
    ]) {
      expect(issued.text).toContain(s);
    }
    const draft = await readDocx(await renderBulletinDocument({ ...input, number: null }));
    expect(draft.text).toContain('〔2026〕  号');
    expect(draft.text).toContain('(草稿)');
  });

  it('writes document dates in the standard form', () => {
    expect(documentDate('2026-12-07')).toBe('2026年12月7日');
  });
});
