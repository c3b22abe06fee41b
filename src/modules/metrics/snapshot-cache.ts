/**
 * A value read at most once per `ttlMs`: concurrent readers share the read in flight, and a read
 * finished less than `ttlMs` ago is reused. A failed read is not kept (the next reader retries).
 * Scrape-time counts go through it, so a storm of scrapes costs one set of queries per period.
 */
export class SnapshotCache<T> {
  private value?: { at: number; data: T };
  private inFlight?: Promise<T>;

  constructor(
    private readonly ttlMs: number,
    private readonly read: () => Promise<T>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(): Promise<T> {
    if (this.value && this.now() - this.value.at < this.ttlMs) {
      return Promise.resolve(this.value.data);
    }
    this.inFlight ??= this.read()
      .then((data) => {
        this.value = { at: this.now(), data };
        return data;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

/** Resolves with `promise`, or rejects after `ms` (the work itself is not cancelled). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
