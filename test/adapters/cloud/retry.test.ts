import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  isRetryable,
  isThrottled,
  isTransportFailure,
  type RetryPolicy,
  withRetry,
} from '../../../src/adapters/cloud/retry';
import type { Clock } from '../../../src/ports';

/** Shapes of what the SDK throws (see reference/toolchain.md §5). */
const sdkError = (fields: { code?: string; httpCode?: number; message?: string }) =>
  Object.assign(new Error(fields.message ?? 'x'), { requestId: '', traceId: '' }, fields);
const throttled = sdkError({ code: 'RequestLimitExceeded' });
const throttledUin = sdkError({ code: 'RequestLimitExceeded.UinLimitExceeded' });
const internal = sdkError({ code: 'InternalError' });
const http500 = sdkError({ httpCode: 500, message: 'Internal Server Error' });
const network = sdkError({ message: 'network timeout at: http://127.0.0.1:1/' });
const fetchError = Object.assign(new Error('invalid json'), { name: 'FetchError', type: 'invalid-json' });
const auth = sdkError({ code: 'AuthFailure.SignatureFailure' });
const badParam = sdkError({ code: 'InvalidParameterValue.InvalidContent' });
const notOnline = sdkError({ code: 'ResourceUnavailable.AgentStatusNotOnline' });

describe('retry policy', () => {
  it.each([
    ['throttled', throttled, true, true],
    ['throttled (sub-code)', throttledUin, true, true],
    ['InternalError', internal, true, false],
    ['HTTP 500', http500, true, false],
    ['network error', network, true, false],
    ['garbled body', fetchError, true, false],
    ['auth failure', auth, false, false],
    ['bad parameter', badParam, false, false],
    ['agent offline', notOnline, false, false],
    ['a plain bug', new TypeError('x is undefined'), false, false],
  ])('%s: read retried=%s, write retried=%s', (_name, err, read, write) => {
    expect(isRetryable(err, 'read')).toBe(read);
    expect(isRetryable(err, 'write')).toBe(write);
  });

  it('tells transport failures from answered errors', () => {
    expect(isTransportFailure(network)).toBe(true);
    expect(isTransportFailure(http500)).toBe(true);
    expect(isTransportFailure(throttled)).toBe(false);
    expect(isThrottled(throttled)).toBe(true);
    expect(isThrottled(internal)).toBe(false);
  });

  it('draws full-jitter delays below an exponentially growing cap', () => {
    const policy: RetryPolicy = { maxAttempts: 10, baseMs: 100, capMs: 1000, random: () => 0.999 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, policy))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffMs(3, { ...policy, random: () => 0 })).toBe(0);
  });
});

describe('withRetry', () => {
  const clock = (): Clock & { slept: number[] } => {
    const slept: number[] = [];
    return { slept, now: () => 0, sleep: async (ms) => void slept.push(ms) };
  };
  const policy: RetryPolicy = { maxAttempts: 4, baseMs: 100, capMs: 1000, random: () => 0.5 };

  it('retries a read through transient failures and returns the answer', async () => {
    const c = clock();
    const failures = [throttled, http500, network];
    const out = await withRetry(
      async (attempt) => {
        const err = failures[attempt - 1];
        if (err) throw err;
        return attempt;
      },
      { kind: 'read', clock: c, policy },
    );
    expect(out).toBe(4);
    expect(c.slept).toEqual([50, 100, 200]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw throttled;
      },
      { kind: 'read', clock: clock(), policy },
    );
    await expect(run).rejects.toBe(throttled);
    expect(calls).toBe(4);
  });

  it('resends a write only when it was refused for throttling', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw network;
        },
        { kind: 'write', clock: clock(), policy },
      ),
    ).rejects.toBe(network);
    expect(calls).toBe(1);
    calls = 0;
    const out = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw throttled;
        return 'ok';
      },
      { kind: 'write', clock: clock(), policy },
    );
    expect(out).toBe('ok');
    expect(calls).toBe(3);
  });

  it('never retries an auth failure', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw auth;
        },
        { kind: 'read', clock: clock(), policy },
      ),
    ).rejects.toBe(auth);
    expect(calls).toBe(1);
  });
});
