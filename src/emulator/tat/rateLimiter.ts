/** Per-action request limits, in requests per second, as the TAT API category page lists them. */
export const DEFAULT_RATE_LIMIT = 20;

/** A per-action limit setting: one number for every action, or per action (others get the default). */
export type RateLimitSetting = number | Record<string, number>;

/** Counts calls per action in the current one-second window; answers whether a call may pass. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  readonly calls = new Map<string, number>();
  throttled = 0;

  constructor(private readonly setting: RateLimitSetting = DEFAULT_RATE_LIMIT) {}

  private limitFor(action: string): number {
    if (typeof this.setting === 'number') return this.setting;
    return this.setting[action] ?? DEFAULT_RATE_LIMIT;
  }

  /** Records a call of `action` at `nowMs`; false when it exceeds the action's limit. */
  admit(action: string, nowMs: number): boolean {
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
    const w = this.windows.get(action);
    if (!w || nowMs - w.start >= 1000) {
      this.windows.set(action, { start: nowMs, count: 1 });
      return true;
    }
    if (w.count >= this.limitFor(action)) {
      this.throttled++;
      return false;
    }
    w.count++;
    return true;
  }
}
