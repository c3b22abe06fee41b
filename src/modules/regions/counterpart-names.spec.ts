import { counterpartName } from './counterpart-names';

describe('counterpartName', () => {
  it.each([
    ['省民政厅', '南京市民政局'],
    ['省住房城乡建设厅', '南京市住房城乡建设局'],
    ['省发展改革委', '南京市发展改革委'],
    ['省财政厅', '南京市财政局'],
    ['省委组织部', '南京市委组织部'],
    ['省委办公厅', '南京市委办公室'],
    ['省政府办公厅', '南京市政府办公室'],
    ['省法院', '南京市中级人民法院'],
    ['省检察院', '南京市人民检察院'],
    ['团省委', '团南京市委'],
    ['省妇联', '南京市妇联'],
    ['省老龄委各成员单位', '南京市老龄委各成员单位'],
    ['各社会组织业务主管单位', '南京市各社会组织业务主管单位'],
  ])('derives the city counterpart of %s as %s', (upper, expected) => {
    expect(counterpartName(upper, null, '南京市', 'CITY')).toBe(expected);
  });

  it.each([
    ['南京市民政局', '江宁区民政局'],
    ['南京市委办公室', '江宁区委办公室'],
    ['南京市中级人民法院', '江宁区人民法院'],
    ['团南京市委', '团江宁区委'],
  ])('derives the county counterpart of the city department %s as %s', (upper, expected) => {
    expect(counterpartName(upper, '南京市', '江宁区', 'COUNTY')).toBe(expected);
  });

  it.each(['江苏保监局', '人民银行南京分行', '江苏证监局', '南京海关'])(
    'leaves the vertically managed %s to the administrator',
    (upper) => {
      expect(counterpartName(upper, null, '南京市', 'CITY')).toBeNull();
    },
  );

  it('gives no name for a department without a level prefix it can replace', () => {
    expect(counterpartName('民政部', null, '南京市', 'CITY')).toBeNull();
  });
});
