/**
 * Client-side rate limiter: one token bucket per key (an API action), shared by every caller that holds the
 * limiter. The default instance is a process-wide singleton so all executors and clients of one process
 * stay together under Tencent Cloud's per-API limits (20 requests/s by default).
 */
import { type Clock, systemClock } from '../../ports';

/** Hands out permission to send one request per `acquire`, waiting as long as the bucket requires. */
export interface RateLimiter {
  /** Waits until one request for `key` may be sent at `ratePerSecond`; resolves at once when a token is free. */
  acquire(key: string, ratePerSecond: number, signal?: AbortSignal): Promise<void>;
}

/** Default per-API limit of TAT, CVM and most Tencent Cloud APIs. */
export const DEFAULT_RATE_PER_SECOND = 20;

interface Bucket {
  /** may go negative: each waiter reserves its token, so waiters are served in arrival order */
  tokens: number;
  at: number;
}

/**
 * Creates a token-bucket limiter. `burst` is the bucket size in requests (default 1): requests go out evenly
 * spaced, so any one-second window holds about `ratePerSecond` of them (a full bucket plus a second of refill
 * would overshoot a server counting per second); the retry policy absorbs a rare boundary hit.
 */
export function createRateLimiter(opts: { clock?: Clock; burst?: number } = {}): RateLimiter {
  const clock = opts.clock ?? systemClock;
  const burst = opts.burst ?? 1;
  const buckets = new Map<string, Bucket>();
  return {
    async acquire(key, ratePerSecond, signal) {
      if (!(ratePerSecond > 0)) throw new RangeError(`rate must be positive, got ${ratePerSecond}`);
      const capacity = Math.max(1, burst);
      const now = clock.now();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
      bucket.at = now;
      bucket.tokens -= 1;
      buckets.set(key, bucket);
      if (bucket.tokens >= 0) return;
      const waitMs = Math.ceil((-bucket.tokens / ratePerSecond) * 1000);
      try {
        await clock.sleep(waitMs, signal);
      } catch (err) {
        bucket.tokens += 1; // give the reserved token back: this request will not be sent
        throw err;
      }
    },
  };
}

let shared: RateLimiter | undefined;

/** The process-wide limiter (system clock) used unless a caller injects its own. */
export function sharedRateLimiter(): RateLimiter {
  shared ??= createRateLimiter();
  return shared;
}
