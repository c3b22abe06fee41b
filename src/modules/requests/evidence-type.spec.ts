import { detectEvidenceType, displayFileName } from './evidence-type';

describe('detectEvidenceType (the claim of the first bytes; evidence-check.ts verifies it)', () => {
  it.each([
    [Buffer.from('%PDF-1.7\n...'), 'pdf'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'png'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]), 'jpg'],
    [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]), 'zip'],
  ])('reads the claim %#', (buf, claim) => {
    expect(detectEvidenceType(buf)).toBe(claim);
  });

  it.each([
    ['an executable', Buffer.from('MZ\x90\x00')],
    ['text', Buffer.from('hello')],
    ['nothing', Buffer.alloc(0)],
  ])('claims nothing for %s', (_, buf) => {
    expect(detectEvidenceType(buf)).toBeNull();
  });
});

describe('displayFileName', () => {
  it('keeps only the last path segment and drops control characters', () => {
    expect(displayFileName('../../x.pdf')).toBe('x.pdf');
    expect(displayFileName('..\\..\\佐证.pdf')).toBe('佐证.pdf');
    expect(displayFileName('a\u0000b.pdf')).toBe('ab.pdf');
    expect(displayFileName('../')).toBe('file');
  });
});
