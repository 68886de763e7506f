import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RateLimitWindows } from '@wegwijs/persistence';

/** Expired windows are cleared now and then, not on every request. */
const FORGET_EVERY_MS = 10 * 60_000;

/**
 * The rate limiter's counts in PostgreSQL instead of one process's memory (the throttler's
 * default): behind a load balancer every API process sees the same count, so a user gets the
 * configured number of requests a minute from the installation, not from each process. A fixed
 * window per user and route; over the limit, refused until the window ends.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private lastForgotAt = 0;

  constructor(private readonly windows: RateLimitWindows) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string) {
    if (Date.now() - this.lastForgotAt > FORGET_EVERY_MS) {
      this.lastForgotAt = Date.now();
      await this.windows.forgetEndedBefore(FORGET_EVERY_MS);
    }
    const window = await this.windows.hit(`${throttlerName}:${key}`, ttl);
    const secondsLeft = Math.ceil(window.endsInMs / 1000);
    const isBlocked = window.hits > limit;
    return { totalHits: window.hits, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 };
  }
}
