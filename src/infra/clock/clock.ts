/**
 * The one source of "now" for API, scheduler, workers and tests. Business logic never calls
 * `new Date()` or `Date.now()` directly.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Real milliseconds to wait until `instant` arrives on this clock (0 when already past). */
  realDelayUntil(instant: Date): number {
    return Math.max(0, instant.getTime() - this.now().getTime());
  }

  /** Milliseconds that pass on this clock while `realMs` pass in real time. */
  businessSpan(realMs: number): number {
    return realMs;
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * Demo clock: starts at a chosen virtual instant and runs `speed` times faster than real time.
 * Anchored on a real instant, so several processes started with the same anchors agree.
 */
export class AcceleratedClock extends Clock {
  constructor(
    private readonly virtualStart: Date,
    private readonly realStartMs: number,
    private readonly speed: number,
  ) {
    super();
  }

  now(): Date {
    return new Date(this.virtualStart.getTime() + (Date.now() - this.realStartMs) * this.speed);
  }

  override realDelayUntil(instant: Date): number {
    return Math.max(0, Math.ceil((instant.getTime() - this.now().getTime()) / this.speed));
  }

  override businessSpan(realMs: number): number {
    return realMs * this.speed;
  }
}

/** Test clock: time moves only when the test says so. */
export class ManualClock extends Clock {
  private current: Date;

  constructor(start: Date | string) {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * The clock of sign-in security: lockouts, session limits, password age and TOTP codes. Real time
 * in every run mode (the demo's accelerated business clock must not expire sessions or TOTP codes
 * faster); tests replace it with a ManualClock to move these limits without sleeping.
 */
export abstract class AuthClock extends Clock {}
