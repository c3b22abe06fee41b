import { csvField, csvLine } from './csv';

describe('csv', () => {
  it('leaves plain text alone and writes null as empty', () => {
    expect(csvField('省民政厅')).toBe('省民政厅');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it.each(['=1+1', '+86', '-2', '@SUM(A1)', '\tx', '\rx'])(
    'neutralises the formula start of %j with a single quote',
    (v) => {
      expect(csvField(v).replace(/^"/, '').startsWith(`'${v[0]}`)).toBe(true);
    },
  );

  it('quotes and neutralises together', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('joins a line with CRLF', () => {
    expect(csvLine(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
  });
});
