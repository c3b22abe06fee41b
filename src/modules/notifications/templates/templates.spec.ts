import { chineseDate, renderHtml, summarize } from './format';
import { renderTemplate, TEMPLATE_NAMES, type TemplateVars } from './index';

const ctx = { publicUrl: 'https://duban.example.gov.cn/' };
const taskId = '3f1c2a9e-5b7d-4c1e-9f3a-0d2b6e8c7a11';
const link = `https://duban.example.gov.cn/api/v1/tasks/${taskId}`;

const base: TemplateVars = {
  taskId,
  taskNo: 12,
  taskText: '加快养老服务体系建设,到2015年全省每千名老年人拥有养老床位达到30张以上。',
  planTitle: '江苏省2012年政府工作报告重点工作责任分解方案',
  departmentName: '省民政厅',
  role: 'LEAD',
  dueOn: '2026-03-05',
  recipientName: '张伟',
};

describe('notification templates', () => {
  it('deadline reminder: subject, days left, task, plan, department, role, date, link', () => {
    const m = renderTemplate('deadline-reminder', { ...base, workingDaysLeft: 5 }, ctx);
    expect(m.subject).toBe('【督办提醒】第12项任务还有5个工作日到期');
    expect(m.text).toContain('张伟同志:');
    expect(m.text).toContain('任务编号:第12项');
    expect(m.text).toContain(`任务内容:${base.taskText}`);
    expect(m.text).toContain('所属方案:《江苏省2012年政府工作报告重点工作责任分解方案》');
    expect(m.text).toContain('责任单位:省民政厅(牵头单位)');
    expect(m.text).toContain('您单位牵头承担的');
    expect(m.text).toContain('完成时限:2026年3月5日');
    expect(m.text).toContain('距到期还有5个工作日');
    expect(m.text).toContain('剩余时间:5个工作日');
    expect(m.text).toContain(`查看详情:${link}`);
    expect(m.html).toContain(`<a href="${link}"`);
    expect(m.html).toContain('省民政厅(牵头单位)');
    expect(m.html).toContain('<title>【督办提醒】第12项任务还有5个工作日到期</title>');
  });

  it('deadline reminder for a supporting department on its last day', () => {
    const m = renderTemplate(
      'deadline-reminder',
      { ...base, role: 'SUPPORT', workingDaysLeft: 0, recipientName: undefined },
      ctx,
    );
    expect(m.subject).toBe('【督办提醒】第12项任务今天到期');
    expect(m.text.startsWith('省民政厅:')).toBe(true);
    expect(m.text).toContain('责任单位:省民政厅(配合单位)');
    expect(m.text).toContain('配合牵头单位按期完成');
    expect(m.text).not.toContain('剩余时间');
  });

  it('urging notice: overdue working days', () => {
    const m = renderTemplate('urging-notice', { ...base, workingDaysOverdue: 1 }, ctx);
    expect(m.subject).toBe('【催办通知】第12项任务已逾期1个工作日');
    expect(m.text).toContain('完成时限为2026年3月5日,截至目前已逾期1个工作日');
    expect(m.text).toContain('逾期时间:1个工作日');
    expect(m.text).toContain('责任单位:省民政厅(牵头单位)');
    expect(m.text).toContain(link);
  });

  it('supervision notice: notice number in subject, heading and fields', () => {
    const m = renderTemplate(
      'supervision-notice',
      { ...base, workingDaysOverdue: 5, noticeNo: '督〔2026〕3号' },
      ctx,
    );
    expect(m.subject).toBe('【督办单】督〔2026〕3号 第12项任务已逾期5个工作日');
    expect(m.text.split('\n').slice(0, 2)).toEqual(['督 办 单', '督〔2026〕3号']);
    expect(m.text).toContain('督办编号:督〔2026〕3号');
    expect(m.text).toContain('逾期时间:5个工作日');
    expect(m.text).toContain('\n省民政厅:\n');
    expect(m.text).toContain(
      '第12项任务由省民政厅牵头承担,完成时限为2026年3月5日,目前已逾期5个工作日',
    );
    expect(m.text).toContain('现予督办');
    expect(m.html).toContain('督〔2026〕3号');
  });

  it('supervision notice issued by hand before the deadline does not call the task overdue', () => {
    const m = renderTemplate(
      'supervision-notice',
      { ...base, workingDaysOverdue: 0, noticeNo: '督〔2026〕4号' },
      ctx,
    );
    expect(m.subject).toBe('【督办单】督〔2026〕4号 第12项任务请加快办理');
    expect(m.text).not.toContain('逾期');
    expect(m.text).toContain('完成时限为2026年3月5日,目前尚未办结。现予督办。');
    expect(m.text).toContain('加快办理,确保按期完成');
  });

  it('supervision notice without a number still reads', () => {
    const m = renderTemplate('supervision-notice', { ...base, workingDaysOverdue: 6 }, ctx);
    expect(m.subject).toBe('【督办单】第12项任务已逾期6个工作日');
    expect(m.text).not.toContain('督办编号');
  });

  it('assignment notice: number, every task with its role and deadline, the acknowledgement date', () => {
    const m = renderTemplate(
      'assignment-notice',
      {
        ...base,
        notice: {
          number: '交〔2026〕12号',
          ackDueOn: '2026-03-10',
          tasks: [
            { taskId, taskNo: 12, taskText: base.taskText, role: 'LEAD', dueOn: '2026-03-05' },
            { taskId, taskNo: 15, taskText: '完善救助制度。', role: 'SUPPORT', dueOn: null },
          ],
        },
      },
      ctx,
    );
    expect(m.subject).toBe('【交办通知】交〔2026〕12号 请签收交办的2项任务');
    expect(m.text.split('\n').slice(0, 2)).toEqual(['交 办 通 知', '交〔2026〕12号']);
    expect(m.text).toContain('\n省民政厅:\n');
    expect(m.text).toContain('现将由你单位承担的2项任务交由你单位办理(交办通知正式文件见附件)');
    expect(m.text).toContain('请于2026年3月10日前登录督办系统签收');
    expect(m.text).toContain('任务编号:第12项\n');
    expect(m.text).toContain('承担方式:牵头单位\n完成时限:2026年3月5日');
    expect(m.text).toContain(
      '任务编号:第15项\n任务内容:完善救助制度。\n承担方式:配合单位\n完成时限:持续推进',
    );
    expect(m.sms.kind).toBe('交办通知');
  });

  it.each(TEMPLATE_NAMES)(
    '%s escapes every variable in HTML but keeps the text as written',
    (name) => {
      const nasty = {
        ...base,
        taskText: '<script>alert("x")</script> & \'引号\'',
        planTitle: '方案<b>加粗</b>',
        departmentName: '省<i>民政</i>厅',
        recipientName: '<img src=x onerror=alert(1)>',
        noticeNo: '督〔2026〕<u>3</u>号',
        workingDaysLeft: 5,
        workingDaysOverdue: 5,
      };
      const m = renderTemplate(name, nasty, ctx);
      expect(m.html).not.toMatch(/<script|<b>|<i>|<img|<u>/);
      expect(m.html).toContain(
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;引号&#39;',
      );
      expect(m.html).toContain('省&lt;i&gt;民政&lt;/i&gt;厅');
      expect(m.text).toContain('<script>alert("x")</script>');
    },
  );

  it.each(TEMPLATE_NAMES)(
    '%s keeps long task texts out of the subject and summarised in the body',
    (name) => {
      const longText = `${'推进城乡社区综合服务设施建设,'.repeat(10)}确保全面覆盖。`;
      const m = renderTemplate(name, { ...base, taskText: longText, workingDaysLeft: 5 }, ctx);
      expect(m.subject).not.toContain('推进城乡社区');
      const line = m.text.split('\n').find((l) => l.startsWith('任务内容:'))!;
      const content = line.slice('任务内容:'.length);
      expect(content.endsWith('……')).toBe(true);
      expect(Array.from(content).length).toBeLessThanOrEqual(82);
      // Cut at a clause boundary, not mid-phrase.
      expect(content).toMatch(/设施建设……$/);
      expect(m.text).not.toContain(longText);
    },
  );
});

describe('template formatting', () => {
  it('writes dates as in official documents', () => {
    expect(chineseDate('2026-01-09')).toBe('2026年1月9日');
    expect(chineseDate('2015-12-31')).toBe('2015年12月31日');
  });

  it('summarises by code points without splitting characters', () => {
    const text = '𠀀'.repeat(100);
    const s = summarize(text, 80);
    expect(Array.from(s)).toHaveLength(82);
    expect(s.endsWith('……')).toBe(true);
    expect(summarize('  短  文本 ')).toBe('短 文本');
  });

  it('renders field paragraphs as a table and other paragraphs as text', () => {
    const html = renderHtml('主题', '您好:\n\n    正文第一行\n第二行\n\n编号:1\n内容:a<b');
    expect(html).toContain('<p style="margin:12px 0">您好:</p>');
    expect(html).toContain('<p style="margin:12px 0;text-indent:2em">正文第一行<br>第二行</p>');
    expect(html).toMatch(/<table[^>]*><tr><th[^>]*>编号<\/th><td[^>]*>1<\/td><\/tr>/);
    expect(html).toContain('a&lt;b');
  });
});

describe('reminder digest', () => {
  const items = Array.from({ length: 30 }, (_, i) => ({
    ...base,
    taskId: `3f1c2a9e-5b7d-4c1e-9f3a-0d2b6e8c7a${String(i).padStart(2, '0')}`,
    taskNo: i + 1,
    role: i % 2 === 0 ? ('LEAD' as const) : ('SUPPORT' as const),
    workingDaysLeft: i % 6,
  }));

  it('lists every task with its number, text, department and role, date, days left and link', () => {
    const m = renderTemplate('reminder-digest', { recipientName: '张伟', items }, ctx);
    expect(m.subject).toBe('【督办提醒】您有30项任务即将到期');
    expect(m.text).toContain('张伟同志:');
    expect(m.text).toContain('您有30项督办任务即将到期');
    for (const item of items) {
      expect(m.text).toContain(`任务编号:第${item.taskNo}项`);
      expect(m.text).toContain(`https://duban.example.gov.cn/api/v1/tasks/${item.taskId}`);
    }
    expect(m.text).toContain('责任单位:省民政厅(牵头单位)');
    expect(m.text).toContain('责任单位:省民政厅(配合单位)');
    expect(m.text).toContain('完成时限:2026年3月5日');
    expect(m.text).toContain('剩余时间:还有5个工作日');
    expect(m.text).toContain('剩余时间:今天到期');
    expect(m.html.match(/<table/g)).toHaveLength(30);
    expect(m.sms).toEqual({
      name: '张伟',
      kind: '督办提醒',
      count: '30',
      taskNo: '1',
      dueOn: '2026年3月5日',
      days: '今天到期',
    });
  });

  it('keeps the robot markdown under WeCom’s 4,096 bytes, saying how many more there are', () => {
    const m = renderTemplate('reminder-digest', { recipientName: '张伟', items }, ctx);
    expect(Buffer.byteLength(m.markdown, 'utf8')).toBeLessThanOrEqual(4096);
    expect(m.markdown).toContain('### 【督办提醒】您有30项任务即将到期');
    expect(m.markdown).toContain(`[查看](${link.slice(0, -2)}00)`);
    expect(m.markdown).toMatch(/……另有\d+项,请登录督办系统查看全部任务。/);
  });

  it('reads a single task as a digest of one', () => {
    const m = renderTemplate('reminder-digest', { ...base, workingDaysLeft: 2 }, ctx);
    expect(m.subject).toBe('【督办提醒】您有1项任务即将到期');
    expect(m.markdown).not.toContain('另有');
  });
});
