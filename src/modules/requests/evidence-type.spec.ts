import { detectEvidenceType, displayFileName } from './evidence-type';

/** A minimal ZIP local file header naming one entry (enough for the type check). */
function zipWith(...names: string[]): Buffer {
  return Buffer.concat(
    names.map((name) => {
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(name.length, 26);
      return Buffer.concat([header, Buffer.from(name, 'latin1')]);
    }),
  );
}

describe('detectEvidenceType', () => {
  it.each([
    [Buffer.from('%PDF-1.7\n...'), 'pdf'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'png'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]), 'jpg'],
    [zipWith('[Content_Types].xml', 'word/document.xml'), 'docx'],
    [zipWith('[Content_Types].xml', 'xl/workbook.xml'), 'xlsx'],
  ])('recognises %#', (buf, ext) => {
    expect(detectEvidenceType(buf)?.ext).toBe(ext);
  });

  it.each([
    ['an executable', Buffer.from('MZ\x90\x00')],
    ['a plain zip', zipWith('a.txt')],
    ['text', Buffer.from('hello')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_, buf) => {
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
