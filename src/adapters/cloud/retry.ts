/**
 * Retry policy for Tencent Cloud API calls. Reads (Describe*) are retried with exponential backoff and full
 * jitter on throttling, server errors and network errors. Writes (RunCommand, CancelInvocation, ...) are
 * retried only on RequestLimitExceeded: the request was refused, so it did not run. Any other write failure
 * may hide a request that did run, and resending a remediation is never done blindly.
 */
import type { Clock } from '../../ports';

/** Whether a call only reads (safe to resend) or changes something (resend only when refused). */
export type CallKind = 'read' | 'write';

/** Backoff parameters; delays are `random() * min(capMs, baseMs * 2^retry)` (full jitter). */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  random?: () => number;
}

/** Defaults: 8 attempts, 200 ms base, 5 s cap. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseMs: 200, capMs: 5000 };

/** The API error code of an SDK error (`RequestLimitExceeded`, `InternalError`, ...), or undefined. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for RequestLimitExceeded and its sub-codes (`.UinLimitExceeded`, ...). */
export function isThrottled(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'RequestLimitExceeded' || (code?.startsWith('RequestLimitExceeded.') ?? false);
}

/** True when the request may never have been answered: a network failure, a timeout or an HTTP 5xx. */
export function isTransportFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; httpCode?: unknown; requestId?: unknown; name?: unknown };
  if (typeof e.httpCode === 'number' && e.httpCode >= 500) return true;
  // node-fetch's FetchError (a garbled body) is thrown unwrapped by the SDK
  if (e.name === 'FetchError') return true;
  // the SDK wraps network errors in its exception (it has requestId) with no API code
  return 'requestId' in e && e.code === undefined;
}

/** True when the API answered with a server-side error code. */
export function isServerError(err: unknown): boolean {
  const code = errorCode(err);
  return (
    code === 'InternalError' || code?.startsWith('InternalError.') === true || code === 'ServiceUnavailable'
  );
}

/** Whether a failed call of this kind may be sent again. */
export function isRetryable(err: unknown, kind: CallKind): boolean {
  if (isThrottled(err)) return true;
  if (kind === 'write') return false;
  return isServerError(err) || isTransportFailure(err);
}

/** The delay before retry number `retry` (0-based), full jitter. */
export function backoffMs(retry: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const random = policy.random ?? Math.random;
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** retry));
}

/** Runs `fn`, retrying per the policy for `kind`; rethrows the last error when retries are exhausted. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: {
    kind: CallKind;
    clock: Clock;
    policy?: RetryPolicy;
    signal?: AbortSignal;
    onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  },
): Promise<T> {
  const policy = opts.policy ?? DEFAULT_RETRY_POLICY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.maxAttempts || !isRetryable(err, opts.kind) || opts.signal?.aborted) throw err;
      const delay = backoffMs(attempt - 1, policy);
      opts.onRetry?.(err, attempt, delay);
      await opts.clock.sleep(delay, opts.signal);
    }
  }
}
