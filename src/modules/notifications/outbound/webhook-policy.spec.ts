import {
  checkResolvedAddresses,
  checkWebhookUrl,
  classifyAddress,
  normaliseAllowedHost,
  type WebhookPolicy,
} from './webhook-policy';

const strict: WebhookPolicy = { allowedHosts: [], allowLocal: false };
const listed: WebhookPolicy = {
  allowedHosts: ['robot-gw.example.gov.cn', 'hooks.example.gov.cn:8443'],
  allowLocal: false,
};
const local: WebhookPolicy = { allowedHosts: [], allowLocal: true };

describe('webhook policy', () => {
  it.each([
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', 'WECOM'],
    ['https://oapi.dingtalk.com/robot/send?access_token=t', 'DINGTALK'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/abc', 'FEISHU'],
    ['https://open.larksuite.com/open-apis/bot/v2/hook/abc', 'FEISHU'],
    ['https://QYAPI.weixin.qq.com:443/cgi-bin/webhook/send?key=k', 'WECOM'],
  ] as const)('allows the platform host: %s', (url, kind) => {
    expect(checkWebhookUrl(url, kind, strict)).toBeNull();
  });

  it.each([
    ['http://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'WECOM', 'not-https'],
    ['https://oapi.dingtalk.com/robot/send', 'WECOM', 'host-not-allowed'],
    ['https://qyapi.weixin.qq.com:8443/x', 'WECOM', 'host-not-allowed'],
    ['https://qyapi.weixin.qq.com.evil.example/x', 'WECOM', 'host-not-allowed'],
    ['https://robot.example.test/hook', 'WECOM', 'host-not-allowed'],
    ['https://user:pw@qyapi.weixin.qq.com/x', 'WECOM', 'credentials-in-url'],
    ['ftp://qyapi.weixin.qq.com/x', 'WECOM', 'invalid-url'],
    ['not a url', 'WECOM', 'invalid-url'],
    ['http://169.254.169.254/latest/meta-data/', 'WECOM', 'address-not-public'],
    ['https://169.254.169.254/', 'WECOM', 'address-not-public'],
    ['http://localhost:5432/', 'WECOM', 'address-not-public'],
    ['https://db.localhost/', 'WECOM', 'address-not-public'],
    ['http://127.0.0.1:6379/', 'WECOM', 'address-not-public'],
    // The URL parser turns these into 127.0.0.1 / ::ffff:7f00:1 before the check sees them.
    ['http://2130706433/', 'WECOM', 'address-not-public'],
    ['http://0x7f.1/', 'WECOM', 'address-not-public'],
    ['http://[::ffff:127.0.0.1]/', 'WECOM', 'address-not-public'],
    ['http://[::ffff:169.254.169.254]/', 'WECOM', 'address-not-public'],
    ['http://[::1]:5432/', 'WECOM', 'address-not-public'],
    ['http://[fd00::1]/', 'WECOM', 'address-not-public'],
    ['http://[fe80::1]/', 'WECOM', 'address-not-public'],
    ['http://10.1.2.3/', 'WECOM', 'address-not-public'],
    ['http://172.16.0.1/', 'WECOM', 'address-not-public'],
    ['http://192.168.1.1/', 'WECOM', 'address-not-public'],
    ['http://100.64.0.1/', 'WECOM', 'address-not-public'],
    ['http://0.0.0.0/', 'WECOM', 'address-not-public'],
    ['http://224.0.0.1/', 'WECOM', 'address-not-public'],
  ] as const)('refuses %s (%s) with %s', (url, kind, reason) => {
    expect(checkWebhookUrl(url, kind, strict)).toBe(reason);
    expect(checkWebhookUrl(url, kind, listed)).toBe(reason);
  });

  it('allows the hosts the administrator listed, on the listed port only', () => {
    expect(checkWebhookUrl('https://robot-gw.example.gov.cn/hook', 'WECOM', listed)).toBeNull();
    expect(checkWebhookUrl('https://hooks.example.gov.cn:8443/x', 'FEISHU', listed)).toBeNull();
    expect(checkWebhookUrl('https://hooks.example.gov.cn/x', 'FEISHU', listed)).toBe(
      'host-not-allowed',
    );
    expect(checkWebhookUrl('http://robot-gw.example.gov.cn/hook', 'WECOM', listed)).toBe(
      'not-https',
    );
    expect(checkWebhookUrl('https://robot-gw.example.gov.cn/hook', 'WECOM', strict)).toBe(
      'host-not-allowed',
    );
  });

  it('with the test/demo escape hatch allows loopback and private sinks, never link-local', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4000/wecom', 'WECOM', local)).toBeNull();
    expect(checkWebhookUrl('http://localhost:4000/wecom', 'WECOM', local)).toBeNull();
    expect(checkWebhookUrl('http://10.0.0.5/x', 'WECOM', local)).toBeNull();
    expect(checkWebhookUrl('http://169.254.169.254/', 'WECOM', local)).toBe('address-not-public');
    expect(checkWebhookUrl('http://100.64.0.1/', 'WECOM', local)).toBe('address-not-public');
    expect(checkWebhookUrl('https://robot.example.test/hook', 'WECOM', local)).toBe(
      'host-not-allowed',
    );
  });

  it('classifies addresses (IPv4-mapped IPv6 as the IPv4 inside)', () => {
    expect(classifyAddress('93.184.216.34')).toBe('public');
    expect(classifyAddress('2606:2800:220:1:248:1893:25c8:1946')).toBe('public');
    expect(classifyAddress('::ffff:93.184.216.34')).toBe('public');
    expect(classifyAddress('127.0.0.1')).toBe('local');
    expect(classifyAddress('::ffff:127.0.0.1')).toBe('local');
    expect(classifyAddress('::1')).toBe('local');
    expect(classifyAddress('fc00::1')).toBe('local');
    expect(classifyAddress('169.254.169.254')).toBe('forbidden');
    expect(classifyAddress('::ffff:169.254.169.254')).toBe('forbidden');
    expect(classifyAddress('fe80::1')).toBe('forbidden');
    expect(classifyAddress('100.64.1.1')).toBe('forbidden');
    expect(classifyAddress('::')).toBe('forbidden');
    expect(classifyAddress('ff02::1')).toBe('forbidden');
    expect(classifyAddress('64:ff9b::7f00:1')).toBe('forbidden');
    expect(classifyAddress('2002:7f00:1::')).toBe('forbidden');
    expect(classifyAddress('nonsense')).toBe('forbidden');
  });

  it('checks every resolved address: one private among public ones is refused', () => {
    expect(checkResolvedAddresses(['93.184.216.34'], strict)).toBeNull();
    expect(checkResolvedAddresses(['93.184.216.34', '10.0.0.1'], strict)).toBe(
      'address-not-public',
    );
    expect(checkResolvedAddresses(['127.0.0.1'], strict)).toBe('address-not-public');
    expect(checkResolvedAddresses(['127.0.0.1', '::1'], local)).toBeNull();
    expect(checkResolvedAddresses(['127.0.0.1', '93.184.216.34'], local)).toBe(
      'address-not-public',
    );
    expect(checkResolvedAddresses(['169.254.169.254'], local)).toBe('address-not-public');
    expect(checkResolvedAddresses([], local)).toBe('address-not-public');
  });

  it('normalises allowlist entries and refuses paths, credentials and non-public hosts', () => {
    expect(normaliseAllowedHost(' Robot-GW.Example.gov.cn ')).toBe('robot-gw.example.gov.cn');
    expect(normaliseAllowedHost('hooks.example.gov.cn:443')).toBe('hooks.example.gov.cn');
    expect(normaliseAllowedHost('hooks.example.gov.cn:8443')).toBe('hooks.example.gov.cn:8443');
    expect(normaliseAllowedHost('93.184.216.34')).toBe('93.184.216.34');
    for (const bad of [
      '',
      'localhost',
      'a.localhost:80',
      '127.0.0.1',
      '169.254.169.254',
      '[::1]',
      '10.0.0.1:8080',
      'host/path',
      'user@host',
      'host?x',
      'host name',
      'https://host',
    ]) {
      expect([bad, normaliseAllowedHost(bad)]).toEqual([bad, null]);
    }
  });
});
