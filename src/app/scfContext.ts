/**
 * SCF's invocation context and the deadlines derived from it. SCF documents `time_limit_in_ms`; the Node
 * runtime also has `getRemainingTimeInMillis`, which middy needs to arm `timeoutEarly`: when it is missing
 * (local runs, tests) it is derived from `time_limit_in_ms` and the arrival time.
 */

/** The SCF context fields memfrag reads (all optional: tests and `memfrag serve` pass partial ones). */
export interface ScfContext {
  request_id?: string;
  time_limit_in_ms?: number;
  function_name?: string;
  getRemainingTimeInMillis?: () => number;
  callbackWaitsForEmptyEventLoop?: boolean;
  [k: string]: unknown;
}

/** Without any limit in the context, a function gets this long (SCF's API default is 3 s; ours are longer). */
export const DEFAULT_TIME_LIMIT_MS = 30_000;

/** The context with `getRemainingTimeInMillis` present, measured from now. */
export function withRemainingTime(context: ScfContext | undefined, now = Date.now()): ScfContext {
  const ctx: ScfContext = { ...(context ?? {}) };
  if (typeof ctx.getRemainingTimeInMillis === 'function') return ctx;
  const limit =
    typeof ctx.time_limit_in_ms === 'number' && ctx.time_limit_in_ms > 0
      ? ctx.time_limit_in_ms
      : DEFAULT_TIME_LIMIT_MS;
  const end = now + limit;
  ctx.getRemainingTimeInMillis = () => Math.max(0, end - Date.now());
  return ctx;
}

/** Epoch ms by which this invocation's work must stop: the remaining time minus `marginMs`. */
export function deadlineOf(context: ScfContext, marginMs: number, now = Date.now()): number {
  const remaining = withRemainingTime(context, now).getRemainingTimeInMillis?.() ?? DEFAULT_TIME_LIMIT_MS;
  return now + Math.max(0, remaining - marginMs);
}

/**
 * Wraps a handler so middy's timeoutEarly is armed even when the context lacks getRemainingTimeInMillis;
 * `budgetMs` caps the remaining time below the function's own limit (the alarm caller's 5 s timeout).
 */
export function scfHandler<E, R>(
  handler: (event: E, context: ScfContext) => Promise<R>,
  opts: { budgetMs?: number } = {},
): (event: E, context?: ScfContext) => Promise<R> {
  return (event, context) => {
    const ctx = withRemainingTime(context);
    const { budgetMs } = opts;
    if (budgetMs !== undefined) {
      const end = Date.now() + budgetMs;
      const platform = ctx.getRemainingTimeInMillis;
      ctx.getRemainingTimeInMillis = () => Math.min(platform?.() ?? budgetMs, Math.max(0, end - Date.now()));
    }
    // a pooled database connection must not keep the invocation open after the answer
    ctx.callbackWaitsForEmptyEventLoop = false;
    return handler(event, ctx);
  };
}
