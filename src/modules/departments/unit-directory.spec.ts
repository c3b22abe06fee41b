import {
  isCollectiveUnit,
  regionalName,
  similarity,
  UnitDirectory,
  unitKey,
} from './unit-directory';

const entries = [
  { id: 'mz', name: '省民政厅', isCollective: false },
  { id: 'cz', name: '省财政厅', isCollective: false },
  { id: 'rs', name: '省人力资源社会保障厅', isCollective: false },
  { id: 'll', name: '省老龄委各成员单位', isCollective: true },
  { id: 'city-mz', name: '市民政局', isCollective: false },
];
const dir = new UnitDirectory(entries, [{ alias: '人社厅', departmentId: 'rs' }]);

describe('UnitDirectory', () => {
  it('matches canonical names across width, spaces and traditional characters', () => {
    expect(dir.match('省人力資源社會保障廳')).toMatchObject({
      department: { id: 'rs' },
      matchedBy: 'name',
    });
    expect(dir.match(' 省民政厅\u3000')).toMatchObject({
      department: { id: 'mz' },
      matchedBy: 'name',
    });
    expect(unitKey('各县（市、区）政府')).toBe(unitKey('各县(市、区)政府'));
  });

  it('matches saved aliases', () => {
    expect(dir.match('人社厅')).toMatchObject({ department: { id: 'rs' }, matchedBy: 'alias' });
  });

  it('matches a name printed without its level prefix when that is unambiguous', () => {
    expect(dir.match('财政厅')).toMatchObject({
      department: { id: 'cz' },
      matchedBy: 'level-prefix',
    });
    expect(dir.match('民政厅')).toMatchObject({
      department: { id: 'mz' },
      matchedBy: 'level-prefix',
    });
  });

  it('does not guess when the short form fits departments at two levels', () => {
    const ambiguous = new UnitDirectory(
      [
        { id: 'p', name: '省民政厅', isCollective: false },
        { id: 'c', name: '市民政厅', isCollective: false },
      ],
      [],
    );
    expect(ambiguous.match('民政厅').department).toBeNull();
  });

  it('leaves unknown units unmatched and suggests near misses, best first', () => {
    expect(dir.match('省卫生厅').department).toBeNull();
    const s = dir.suggest('省人力资源和社会保障厅');
    expect(s[0]).toMatchObject({ departmentId: 'rs' });
    expect(s[0]!.score).toBeGreaterThan(0.7);
    expect(dir.suggest('江苏证监局')).toEqual([]);
  });

  it('recognises collective units', () => {
    expect(isCollectiveUnit('省老龄委各成员单位')).toBe(true);
    expect(isCollectiveUnit('各社会组织业务主管单位')).toBe(true);
    expect(isCollectiveUnit('省民政厅')).toBe(false);
  });

  it('computes a symmetric similarity in [0, 1]', () => {
    expect(similarity('省民政厅', '省民政厅')).toBe(1);
    expect(similarity('省民政厅', '省财政厅')).toBeCloseTo(similarity('省财政厅', '省民政厅'));
    expect(similarity('ab', 'cd')).toBe(0);
  });
});

describe('regionalName', () => {
  it("stores a region's unit under the region's name, and the top office's as printed", () => {
    expect(regionalName('市民政局', '南京市')).toBe('南京市民政局');
    expect(regionalName('县财政局', '溧水区')).toBe('溧水区财政局');
    expect(regionalName('省民政厅', '南京市')).toBe('省民政厅');
    expect(regionalName('市民政局', null)).toBe('市民政局');
  });
});
