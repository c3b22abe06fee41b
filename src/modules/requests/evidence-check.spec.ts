import { DEFAULT_DOCUMENT_CAPS } from '../../common/files/file-limits';
import {
  docxBomb,
  manyEntriesZip,
  pdfLookAlike,
  pngLookAlike,
  validDocx,
  validJpeg,
  validPdf,
  validPng,
  wordFolderOnlyZip,
  xlsxBomb,
  zipOf,
} from '../../../test/support/hostile-files';
import { checkEvidence } from './evidence-check';

const check = (buf: Buffer) => checkEvidence(buf, DEFAULT_DOCUMENT_CAPS);

describe('checkEvidence: a file is accepted by parsing it, not by its first bytes', () => {
  it('accepts a real PNG, JPEG, PDF and .docx, each with its type', async () => {
    expect(await check(validPng())).toMatchObject({ ok: true, type: { ext: 'png' } });
    expect(await check(validJpeg())).toMatchObject({ ok: true, type: { ext: 'jpg' } });
    expect(await check(validPdf())).toMatchObject({
      ok: true,
      type: { ext: 'pdf', mimeType: 'application/pdf' },
    });
    expect(await check(await validDocx())).toMatchObject({ ok: true, type: { ext: 'docx' } });
  });

  it('refuses %PDF- followed by HTML as a PDF look-alike', async () => {
    expect(await check(pdfLookAlike())).toEqual({ ok: false, reason: 'mismatch', claimed: 'pdf' });
  });

  it('refuses a PNG signature followed by SVG', async () => {
    expect(await check(pngLookAlike())).toEqual({ ok: false, reason: 'mismatch', claimed: 'png' });
  });

  it('refuses a PNG with a damaged chunk or bytes after IEND', async () => {
    const png = validPng();
    const damaged = Buffer.from(png);
    damaged[20] ^= 0xff; // inside IHDR: its CRC no longer matches
    expect(await check(damaged)).toMatchObject({ ok: false, reason: 'mismatch' });
    const trailing = Buffer.concat([png, Buffer.from('<svg/>')]);
    expect(await check(trailing)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('refuses a JPEG header followed by HTML, and a JPEG with markup after its end', async () => {
    const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
    const html = Buffer.concat([head, Buffer.from('<html><script>alert(1)</script></html>')]);
    expect(await check(html)).toEqual({ ok: false, reason: 'mismatch', claimed: 'jpg' });
    const tail = Buffer.concat([validJpeg(), Buffer.from('<svg onload="alert(1)"/>')]);
    expect(await check(tail)).toEqual({ ok: false, reason: 'mismatch', claimed: 'jpg' });
  });

  it('refuses a ZIP with just a word/ entry, and a .docx whose document is not XML', async () => {
    expect(await check(wordFolderOnlyZip())).toEqual({
      ok: false,
      reason: 'mismatch',
      claimed: 'zip',
    });
    const notXml = zipOf([
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      { name: 'word/document.xml', content: Buffer.from('<html><body>x</body>') },
    ]);
    expect(await check(notXml)).toEqual({ ok: false, reason: 'mismatch', claimed: 'docx' });
    const noContentTypes = zipOf([{ name: 'word/document.xml', content: Buffer.from('<a/>') }]);
    expect(await check(noContentTypes)).toEqual({ ok: false, reason: 'mismatch', claimed: 'docx' });
  });

  it('refuses a ZIP whose entry inflates past what its header declares', async () => {
    const lying = zipOf([
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      {
        name: 'word/document.xml',
        content: Buffer.from(`<a>${'x'.repeat(5000)}</a>`),
        declare: 10,
      },
    ]);
    expect(await check(lying)).toEqual({ ok: false, reason: 'mismatch', claimed: 'docx' });
  });

  it.each([
    ['a .docx bomb', () => docxBomb(), '压缩比'],
    ['an .xlsx bomb', () => xlsxBomb(), '压缩比'],
    ['a ZIP of 100,000 entries', () => manyEntriesZip(), '100000 个部件'],
  ])('refuses %s before inflating it', async (_, make, words) => {
    const verdict = await check(make());
    expect(verdict).toMatchObject({ ok: false, reason: 'too_complex' });
    expect((verdict as { message: string }).message).toContain(words);
  });

  it('claims nothing for an unknown type', async () => {
    expect(await check(Buffer.from('MZ\x90\x00'))).toEqual({ ok: false, reason: 'unsupported' });
    const plainZip = zipOf([{ name: 'a.txt', content: Buffer.from('a') }]);
    expect(await check(plainZip)).toEqual({ ok: false, reason: 'unsupported' });
  });
});
