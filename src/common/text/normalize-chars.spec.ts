import { Converter } from 'opencc-js/t2cn';
import { normalizeChars } from './normalize-chars';
import { TRADITIONAL_CHARS } from './traditional-chars';

describe('normalizeChars', () => {
  it('maps full-width punctuation, digits and odd spaces one unit to one unit', () => {
    const s = '\u3000１．做好工作（省民政厅，省财政厅）；完成率９５％';
    const n = normalizeChars(s);
    expect(n).toBe(' 1.做好工作(省民政厅,省财政厅);完成率95%');
    expect(n).toHaveLength(s.length);
  });

  it('simplifies traditional characters for recognition, keeping offsets', () => {
    expect(normalizeChars('牽頭單位：省民政廳')).toBe('牵头单位:省民政厅');
  });

  it('returns simplified text unchanged', () => {
    const s = '完善社会救助制度。(省民政厅)';
    expect(normalizeChars(s)).toBe(s);
  });
});

describe('traditional-chars', () => {
  // The set decides when OpenCC is consulted; it must be exactly the characters OpenCC changes.
  it('lists exactly the characters OpenCC turns into another single character', () => {
    const convert = Converter({ from: 't', to: 'cn' });
    let expected = '';
    for (let code = 0x3400; code <= 0x9fff; code++) {
      const c = String.fromCharCode(code);
      const out = convert(c);
      if (out !== c && out.length === 1) expected += c;
    }
    expect(TRADITIONAL_CHARS).toBe(expected);
  });

  it('loads OpenCC only when a text contains a traditional character', () => {
    jest.isolateModules(() => {
      const loaded = jest.fn();
      jest.doMock('opencc-js/t2cn', () => {
        loaded();
        return { Converter: () => (s: string) => (s === '廳' ? '厅' : s) };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const util = require('./normalize-chars') as typeof import('./normalize-chars');
      expect(util.normalizeChars('完善社会救助制度。(省民政厅)')).toBe(
        '完善社会救助制度。(省民政厅)',
      );
      expect(loaded).not.toHaveBeenCalled();
      expect(util.normalizeChars('省民政廳')).toBe('省民政厅');
      expect(loaded).toHaveBeenCalledTimes(1);
    });
  });
});
