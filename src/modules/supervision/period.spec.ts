import { chineseDate, resolvePeriod } from './period';

describe('resolvePeriod', () => {
  it('defaults to the year so far', () => {
    expect(resolvePeriod(undefined, undefined, '2026-12-08')).toEqual({
      from: '2026-01-01',
      to: '2026-12-08',
    });
  });

  it.each([
    ['2026-02-30', '2026-03-01', 'from'],
    ['2026-03-01', '2026-02-01', 'to'],
    ['2020-01-01', '2026-12-31', 'to'],
  ])('refuses %s..%s, naming %s', (from, to, field) => {
    expect(() => resolvePeriod(from, to, '2026-12-08')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ field })],
      }),
    );
  });

  it('writes dates the Chinese way', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
  });
});
