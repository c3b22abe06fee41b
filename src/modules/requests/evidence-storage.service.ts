import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppConfig } from '../../config/app-config.service';

export interface StoredEvidence {
  sha256: string;
  /** Relative to EVIDENCE_DIR: the content hash, nothing the uploader chose. */
  storedPath: string;
  size: number;
}

/**
 * Evidence files on disk, content-addressed: `<EVIDENCE_DIR>/<sha256>`. The uploaded name never
 * reaches the file system, so no name can escape the directory; the same file uploaded twice is
 * stored once.
 */
@Injectable()
export class EvidenceStorage {
  readonly dir: string;

  constructor(config: AppConfig) {
    this.dir = resolve(config.get('EVIDENCE_DIR'));
  }

  static hash(content: Buffer): string {
    return createHash('sha256').update(content).digest('hex');
  }

  /** Writes the file (atomically: a temporary name, then rename) unless that content is stored. */
  async store(content: Buffer): Promise<StoredEvidence> {
    const sha256 = EvidenceStorage.hash(content);
    const target = join(this.dir, sha256);
    await mkdir(this.dir, { recursive: true });
    const existing = await stat(target).catch(() => null);
    if (!existing) {
      const temp = join(this.dir, `.tmp-${randomUUID()}`);
      try {
        await writeFile(temp, content, { mode: 0o640, flag: 'wx' });
        await rename(temp, target);
      } finally {
        await rm(temp, { force: true });
      }
    }
    return { sha256, storedPath: sha256, size: content.length };
  }
}
