import { SnapshotCache, within } from './snapshot-cache';

describe('SnapshotCache', () => {
  it('reads once per period, shares a read in flight, and retries after a failure', async () => {
    let now = 0;
    let reads = 0;
    let fail = false;
    const cache = new SnapshotCache(
      5_000,
      async () => {
        reads++;
        await Promise.resolve();
        if (fail) throw new Error('down');
        return reads;
      },
      () => now,
    );
    // A storm of concurrent scrapes: one read.
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual([1, 1, 1]);
    now = 4_999;
    expect(await cache.get()).toBe(1);
    expect(reads).toBe(1);
    now = 5_000;
    expect(await cache.get()).toBe(2);
    now = 20_000;
    fail = true;
    await expect(cache.get()).rejects.toThrow('down');
    fail = false;
    expect(await cache.get()).toBe(4);
  });

  it('gives up waiting after the time limit', async () => {
    await expect(within(new Promise(() => undefined), 20, 'a read')).rejects.toThrow(
      'a read took longer than 20 ms',
    );
    expect(await within(Promise.resolve(7), 1_000, 'a read')).toBe(7);
  });
});
