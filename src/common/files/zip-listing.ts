import type { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { FileLimitError, RATIO_GRACE_BYTES, type ZipCaps } from './file-limits';

/** The ZIP container is not readable (truncated, damaged, not a ZIP). */
export class ZipFormatError extends Error {
  constructor(cause: unknown) {
    super('unreadable zip', { cause });
    this.name = 'ZipFormatError';
  }
}

/** A ZIP's central directory, checked against the caps; entries can be streamed from it. */
export interface ZipListing {
  names: ReadonlySet<string>;
  /** Streams one entry, inflated, checked against its declared size (a lying header fails). */
  stream(name: string): Promise<Readable>;
  close(): void;
}

/**
 * Reads the central directory of a ZIP (yauzl) and refuses it, before anything is inflated, when it
 * has more entries than `caps.maxEntries`, declares more than `caps.maxUnpackedBytes` in all, or an
 * entry over RATIO_GRACE_BYTES inflates more than `caps.maxRatio` times. The declared sizes are what
 * a reader would allocate for; streaming an entry checks the real size against them.
 */
export async function listZip(buf: Buffer, caps: ZipCaps): Promise<ZipListing> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(
        buf,
        { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
        (err, z) => (err ? reject(err) : resolve(z)),
      ),
    );
  } catch (err) {
    throw new ZipFormatError(err);
  }
  try {
    if (zip.entryCount > caps.maxEntries) {
      throw new FileLimitError('entries', zip.entryCount, caps.maxEntries);
    }
    const entries = await readEntries(zip, caps);
    return {
      names: new Set(entries.keys()),
      stream: (name) => openEntry(zip, entries.get(name), name),
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}

function readEntries(zip: yauzl.ZipFile, caps: ZipCaps): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    let unpacked = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      unpacked += entry.uncompressedSize;
      if (unpacked > caps.maxUnpackedBytes) {
        return reject(new FileLimitError('unpacked', unpacked, caps.maxUnpackedBytes));
      }
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize > RATIO_GRACE_BYTES && ratio > caps.maxRatio) {
        return reject(
          new FileLimitError('ratio', Math.round(ratio), caps.maxRatio, entry.fileName),
        );
      }
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (err) => reject(new ZipFormatError(err)));
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined, name: string) {
  if (!entry) return Promise.reject(new ZipFormatError(`no entry ${name}`));
  return new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) =>
      err ? reject(new ZipFormatError(err)) : resolve(stream),
    ),
  );
}
