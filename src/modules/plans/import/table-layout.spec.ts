import { alignCells, cellKind, looksLikePerson, looksLikeUnit } from './table-layout';

describe('cellKind', () => {
  it.each([
    ['24', 'number'],
    ['（一）', 'number'],
    ['3.', 'number'],
    ['', 'empty'],
    ['城管局', 'unit'],
    ['市政局、相关街道', 'unit'],
    ['崇川经济开发区、各街道', 'unit'],
    ['市民政局牵头，市财政局配合', 'unit'],
    ['徐国江', 'person'],
    ['张三、李四', 'person'],
    ['2024年6月底前', 'date'],
    ['长期坚持', 'date'],
    ['每月', 'date'],
    ['是', 'status'],
    ['否', 'status'],
    ['已完成', 'status'],
    ['优化提升50条背街后巷交通组织。', 'sentence'],
    ['优化营商环境', 'short'],
  ])('%s → %s', (text, kind) => {
    expect(cellKind(text)).toBe(kind);
  });

  it('tells units from people', () => {
    expect(looksLikeUnit('相关街道')).toBe(true);
    expect(looksLikeUnit('市大数据中心')).toBe(true);
    expect(looksLikeUnit('徐国江')).toBe(false);
    expect(looksLikePerson('徐国江')).toBe(true);
    expect(looksLikePerson('城管局')).toBe(false);
  });
});

describe('alignCells', () => {
  const roles = ['no', 'text', 'unit', 'unit', 'deadline'] as const;

  it('maps one to one when every cell fits its column', () => {
    const a = alignCells(['1', '完善低保制度。', '市民政局', '市财政局', '2024年底前'], [...roles]);
    expect(a.texts).toEqual(['1', '完善低保制度。', '市民政局', '市财政局', '2024年底前']);
    expect(a.realigned).toBe(false);
  });

  it('leaves out a missing cell by the look of the others (the support cell here)', () => {
    const a = alignCells(['3', '新建养老服务中心4个。', '区民政局', '2024年10月底前'], [...roles]);
    expect(a.texts).toEqual(['3', '新建养老服务中心4个。', '区民政局', '', '2024年10月底前']);
    expect(a.realigned).toBe(true);
  });

  it('joins a task wrapped over two lines', () => {
    const a = alignCells(
      ['5', '完善困难群众基本生活保障，', '确保应保尽保。', '区民政局', '区财政局', '长期坚持'],
      [...roles],
    );
    expect(a.texts[1]).toBe('完善困难群众基本生活保障，确保应保尽保。');
    expect(a.texts.slice(2)).toEqual(['区民政局', '区财政局', '长期坚持']);
  });

  it('skips a merged text column and drops a stray empty cell (the chongchuan rows)', () => {
    const header = [
      'no',
      'text',
      'text',
      'leaders',
      'unit',
      'unit',
      'other',
      'other',
      'other',
      'other',
    ] as const;
    const a = alignCells(
      [
        '25',
        '新增达标小区210个。',
        '徐国江',
        '城管局',
        '市政局、各街道',
        '已进场施工。',
        '建成38个厢房。',
        '否',
        '项目于9月28才签订合同,滞后了2个月。',
        '',
      ],
      [...header],
    );
    expect(a.texts.slice(0, 6)).toEqual([
      '25',
      '',
      '新增达标小区210个。',
      '徐国江',
      '城管局',
      '市政局、各街道',
    ]);
    expect(a.texts[9]).toBe('项目于9月28才签订合同,滞后了2个月。');
    expect(a.realigned).toBe(true);
  });
});
