/**
 * Request authentication. Cloud Monitor cannot sign, so alarm callbacks carry a shared token (header or
 * query string) compared in constant time; the manual API signs the body with HMAC-SHA256 over a
 * timestamp, inside a replay window.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time string equality that does not leak the length through timing either. */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

export const SIGNATURE_HEADER = 'x-memfrag-signature';
export const TIMESTAMP_HEADER = 'x-memfrag-timestamp';
export const TOKEN_HEADER = 'x-memfrag-token';
/** Signed requests older or newer than this are refused (seconds). */
export const REPLAY_WINDOW_SECONDS = 300;

/** The query string in one canonical form: keys sorted, `key=value` URI-encoded, joined by `&`. */
export function canonicalQuery(query: Record<string, string | undefined> = {}): string {
  return Object.keys(query)
    .filter((k) => query[k] !== undefined)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k] as string)}`)
    .join('&');
}

/**
 * The signature of a manual API request: `sha256=` + hex HMAC of "timestamp.METHOD.path[?query].body", the
 * query in canonical form, so a captured request cannot be replayed with other parameters.
 */
export function signRequest(
  key: string,
  timestamp: number,
  method: string,
  path: string,
  body: string,
  query: Record<string, string | undefined> = {},
): string {
  const q = canonicalQuery(query);
  const text = `${timestamp}.${method.toUpperCase()}.${path}${q ? `?${q}` : ''}.${body}`;
  return `sha256=${createHmac('sha256', key).update(text).digest('hex')}`;
}

export type AuthResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

/** Checks a signed request; `nowSeconds` comes from the caller's clock. */
export function verifySignature(
  key: string,
  got: {
    signature?: string;
    timestamp?: string;
    method: string;
    path: string;
    body: string;
    query?: Record<string, string | undefined>;
  },
  nowSeconds: number,
): AuthResult {
  if (!got.signature || !got.timestamp) {
    return { ok: false, status: 401, message: `missing ${SIGNATURE_HEADER} or ${TIMESTAMP_HEADER} header` };
  }
  if (!/^\d{1,12}$/.test(got.timestamp)) {
    return { ok: false, status: 401, message: `${TIMESTAMP_HEADER} must be unix seconds` };
  }
  const ts = Number(got.timestamp);
  if (Math.abs(nowSeconds - ts) > REPLAY_WINDOW_SECONDS) {
    return {
      ok: false,
      status: 401,
      message: `${TIMESTAMP_HEADER} is outside the ${REPLAY_WINDOW_SECONDS} s window`,
    };
  }
  const want = signRequest(key, ts, got.method, got.path, got.body, got.query);
  return safeEqual(got.signature, want)
    ? { ok: true }
    : { ok: false, status: 403, message: 'signature does not match' };
}

/** Checks a shared token. */
export function verifyToken(expected: string, got: string | undefined): AuthResult {
  if (!got)
    return { ok: false, status: 401, message: `missing ${TOKEN_HEADER} header or token query parameter` };
  return safeEqual(got, expected)
    ? { ok: true }
    : { ok: false, status: 403, message: 'token does not match' };
}
