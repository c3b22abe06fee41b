import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { DEFAULT_DOCUMENT_CAPS, type DocumentCaps } from '../../common/files/file-limits';
import { AppConfig } from '../../config/app-config.service';
import { WorkerPool } from './worker-pool';

/** The worker-thread entry that serves the document jobs (src/document-worker.ts). */
export const DOCUMENT_WORKER_ENTRY = join(__dirname, '..', '..', 'document-worker');

export interface DocumentWorkerOptions {
  size: number;
  heapMb: number;
  timeoutMs: number;
  maxQueue: number;
  caps: DocumentCaps;
}

export const DEFAULT_DOCUMENT_WORKER_OPTIONS: DocumentWorkerOptions = {
  size: 2,
  heapMb: 512,
  timeoutMs: 30_000,
  maxQueue: 16,
  caps: DEFAULT_DOCUMENT_CAPS,
};

/** The options from the configuration (DOCUMENT_* keys). */
export function documentWorkerOptions(config: AppConfig): DocumentWorkerOptions {
  return {
    size: config.get('DOCUMENT_WORKERS'),
    heapMb: config.get('DOCUMENT_WORKER_HEAP_MB'),
    timeoutMs: config.get('DOCUMENT_PARSE_TIMEOUT_MS'),
    maxQueue: config.get('DOCUMENT_QUEUE_MAX'),
    caps: {
      zip: {
        maxEntries: config.get('DOCUMENT_MAX_ENTRIES'),
        maxUnpackedBytes: config.get('DOCUMENT_MAX_UNPACKED_MB') * 1024 * 1024,
        maxRatio: config.get('DOCUMENT_MAX_RATIO'),
      },
      pdfMaxPages: config.get('DOCUMENT_MAX_PDF_PAGES'),
      xlsxMaxRows: config.get('DOCUMENT_MAX_XLSX_ROWS'),
    },
  };
}

/**
 * The pool that reads uploaded documents off the main thread (plan files, evidence). Every worker
 * gets the caps as its context; a job reads them from there.
 */
@Injectable()
export class DocumentWorkers implements OnApplicationShutdown {
  readonly pool: WorkerPool;
  readonly caps: DocumentCaps;

  constructor(options: DocumentWorkerOptions) {
    this.caps = options.caps;
    this.pool = new WorkerPool({
      entry: DOCUMENT_WORKER_ENTRY,
      size: options.size,
      heapMb: options.heapMb,
      timeoutMs: options.timeoutMs,
      maxQueue: options.maxQueue,
      context: options.caps,
    });
  }

  run<R>(job: string, payload: unknown): Promise<R> {
    return this.pool.run<R>(job, payload);
  }

  /** After the drain (infra/lifecycle): the uploads in flight have been read. */
  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }
}
