import { MessageToRoute, routeMessage, RoutingRecipient, RoutingRobot } from './delivery-routing';

const person: RoutingRecipient = {
  id: 'p1',
  displayName: '张伟',
  active: true,
  departmentId: 'd1',
  email: ' zhang@example.cn ',
  phone: null,
  channels: ['EMAIL', 'INBOX'],
};
const robots: RoutingRobot[] = [
  { id: 'r-office', kind: 'WECOM', departmentId: null },
  { id: 'r1', kind: 'DINGTALK', departmentId: 'd1' },
  { id: 'r2', kind: 'DINGTALK', departmentId: 'd1' },
];
const plain: MessageToRoute = { recipientId: 'p1', urgent: false, missingRecipient: null };

describe('routeMessage', () => {
  it('sends on the chosen channels; the inbox is stored sent at once', () => {
    expect(routeMessage(plain, person, robots, false)).toEqual([
      {
        channel: 'EMAIL',
        address: 'zhang@example.cn',
        error: null,
        status: 'PENDING',
        body: 'text',
      },
      { channel: 'INBOX', address: null, error: null, status: 'SENT', body: 'inbox' },
    ]);
    expect(routeMessage(plain, { ...person, channels: [] }, robots, false)).toEqual([
      { channel: 'INBOX', address: null, error: null, status: 'SENT', body: 'inbox' },
    ]);
  });

  it('adds every reachable channel to an urgent message, the department robot the oldest', () => {
    const routes = routeMessage(
      { ...plain, urgent: true },
      { ...person, phone: '139' },
      robots,
      true,
    );
    expect(routes.map((r) => [r.channel, r.address, r.body])).toEqual([
      ['EMAIL', 'zhang@example.cn', 'text'],
      ['INBOX', null, 'inbox'],
      ['SMS', '139', 'text'],
      ['DINGTALK', 'r1', 'markdown'],
    ]);
  });

  it('stores a visible failure when a message cannot go out', () => {
    const one = (m = plain, p: RoutingRecipient | null = person, sms = false) =>
      routeMessage(m, p ?? undefined, robots, sms).map((r) => [r.channel, r.status, r.error]);
    expect(one({ ...plain, recipientId: null, missingRecipient: '无收件人:x' }, null)).toEqual([
      ['EMAIL', 'FAILED', '无收件人:x'],
    ]);
    expect(one(plain, null)).toEqual([['EMAIL', 'FAILED', '收件人不存在:p1']]);
    expect(one(plain, { ...person, active: false })).toEqual([
      ['EMAIL', 'FAILED', '收件人已停用:张伟'],
    ]);
    expect(one({ ...plain, channel: 'EMAIL' }, { ...person, email: '  ' })).toEqual([
      ['EMAIL', 'FAILED', '收件人未设置电子邮箱:张伟'],
    ]);
    expect(one({ ...plain, channel: 'SMS' }, { ...person, phone: '139' })).toEqual([
      ['SMS', 'FAILED', '未配置短信网关(SMS_GATEWAY_URL)'],
    ]);
    expect(one({ ...plain, channel: 'SMS' }, person, true)).toEqual([
      ['SMS', 'FAILED', '收件人未设置手机号码:张伟'],
    ]);
    expect(one({ ...plain, channel: 'FEISHU' })).toEqual([
      ['FEISHU', 'FAILED', '该部门未配置飞书机器人'],
    ]);
  });

  it("gives a person without a department the office's robot", () => {
    const routes = routeMessage(
      { ...plain, channel: 'WECOM' },
      { ...person, departmentId: null },
      robots,
      false,
    );
    expect(routes).toEqual([
      { channel: 'WECOM', address: 'r-office', error: null, status: 'PENDING', body: 'markdown' },
    ]);
  });
});
