import type { Response } from 'express';

/**
 * Writes chunks to a response already started (status and headers set), honouring backpressure,
 * and ends it. A failure after the headers went out can only break the download: the response is
 * destroyed so that the client sees an incomplete transfer, never a silently truncated file.
 */
export async function writeChunks(res: Response, chunks: AsyncIterable<string>): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } catch (e) {
    res.destroy(e instanceof Error ? e : new Error(String(e)));
  }
}

/** Waits until the client takes more, or goes away. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
