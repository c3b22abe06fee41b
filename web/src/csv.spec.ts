import { toCsv } from './csv';

describe('web CSV export', () => {
  it('opens in Excel as UTF-8, quotes what needs it and defuses formulas', async () => {
    const blob = toCsv(
      ['编号', '任务'],
      [
        [1, '含,逗号'],
        [2, '=HYPERLINK("http://x")'],
        [3, '第一行\n第二行'],
        [4, null],
      ],
    );
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')).toEqual([
      '编号,任务',
      '1,"含,逗号"',
      `2,"'=HYPERLINK(""http://x"")"`,
      '3,"第一行\n第二行"',
      '4,',
      '',
    ]);
  });
});
