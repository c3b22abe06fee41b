import { dingtalkSign } from './dingtalk.channel';
import { feishuSign } from './feishu.channel';
import { fitBytes } from './wecom.channel';

describe('robot signatures', () => {
  // Expected values computed independently with openssl (dgst -sha256 -hmac … -binary | base64).
  it('DingTalk: base64 HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret', () => {
    expect(dingtalkSign(1700000000000, 'SECabc')).toBe(
      'jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=',
    );
  });

  it('Feishu: base64 HMAC-SHA256 of an empty message keyed by "timestamp\\nsecret"', () => {
    expect(feishuSign(1700000000, 'abc')).toBe('VIS10b0EBvzzSdFnuk4tznEmK5wHaruvf/WnViv2yR4=');
  });
});

describe('fitBytes', () => {
  it('cuts at a line boundary under the byte limit and says so', () => {
    const text = Array.from({ length: 400 }, (_, i) => `第${i}行:督办任务内容`).join('\n');
    const cut = fitBytes(text, 4096);
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(4096);
    expect(cut.endsWith('(内容过长,请登录督办系统查看全文)')).toBe(true);
    expect(fitBytes('短', 4096)).toBe('短');
  });
});
