import { withDeputyCopies, type DeputyRow } from './deputy-copies';
import type { OutgoingMessage } from './notifications.types';

const message = (recipientId: string | null, dedupeKey = `k-${recipientId}`): OutgoingMessage => ({
  dedupeKey,
  recipientId,
  template: 'urging-notice',
  taskId: 't1',
  vars: {
    taskId: 't1',
    taskNo: 3,
    taskText: '任务',
    planTitle: '方案',
    departmentName: '省民政厅',
    role: 'LEAD',
    dueOn: '2026-12-31',
    recipientName: '李四',
  },
});
const deputy = (person: string, deputyId: string): DeputyRow => ({
  person_id: person,
  person_name: '李四',
  deputy_id: deputyId,
  deputy_name: '张三',
});

describe('withDeputyCopies', () => {
  it('keeps every message and adds one copy per deputy in force, addressed on the person’s behalf', () => {
    const out = withDeputyCopies(
      [message('p1'), message('p2'), message(null, 'none')],
      [deputy('p1', 'd1')],
    );
    expect(out.map((m) => [m.recipientId, m.dedupeKey])).toEqual([
      ['p1', 'k-p1'],
      ['d1', 'k-p1-deputy-d1'],
      ['p2', 'k-p2'],
      [null, 'none'],
    ]);
    expect(out[1]!.vars.recipientName).toBe('张三(代李四收)');
    expect(out[0]!.vars.recipientName).toBe('李四');
  });

  it('changes nothing without deputies', () => {
    const messages = [message('p1')];
    expect(withDeputyCopies(messages, [])).toBe(messages);
  });
});
