import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Tencent Cloud API 3.0 signing (TC3-HMAC-SHA256), as the SDK computes it and the real service checks it. */

const AUTH_RE =
  /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

/** The real service refuses requests whose timestamp is further than this from its clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** The parts of a signed request that enter the signature. */
export interface SignInput {
  method: string;
  path: string;
  query: string;
  /** signed header name (lowercase) -> value as sent; `host` without port */
  headers: Record<string, string>;
  signedHeaders: string[];
  payload: Buffer | string;
  timestamp: number;
  service: string;
}

/** Lowercase hex SHA-256. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** UTC `YYYY-MM-DD` of a unix timestamp in seconds (the credential scope date). */
export function scopeDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** The canonical request string of step 1. */
export function canonicalRequest(input: SignInput): string {
  const names = [...input.signedHeaders].sort();
  const headers = names.map((n) => `${n}:${(input.headers[n] ?? '').trim().toLowerCase()}\n`).join('');
  return [input.method, input.path, input.query, headers, names.join(';'), sha256Hex(input.payload)].join(
    '\n',
  );
}

/** The string to sign of step 2. */
export function stringToSign(input: SignInput): string {
  const scope = `${scopeDate(input.timestamp)}/${input.service}/tc3_request`;
  return ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256Hex(canonicalRequest(input))].join('\n');
}

/** The hex signature of steps 3 and 4. */
export function tc3Signature(secretKey: string, input: SignInput): string {
  const secretDate = hmac(`TC3${secretKey}`, scopeDate(input.timestamp));
  const secretService = hmac(secretDate, input.service);
  const secretSigning = hmac(secretService, 'tc3_request');
  return createHmac('sha256', secretSigning).update(stringToSign(input), 'utf8').digest('hex');
}

/** An incoming HTTP request as far as verification needs it. */
export interface IncomingSigned {
  method: string;
  path: string;
  query: string;
  /** lowercase header name -> value */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** Why a request was refused, in the service's own codes. */
export type VerifyResult = { ok: true; secretId: string } | { ok: false; code: string; message: string };

function fail(code: string, message: string): VerifyResult {
  return { ok: false, code, message };
}

/**
 * Verifies a TC3 signature like the service: the signing service name comes from the credential scope
 * (the SDK sends `127` for an IP endpoint), Host is signed without its port, and the clock skew is 5 minutes.
 */
export function verifyTc3(
  req: IncomingSigned,
  lookupKey: (secretId: string) => string | undefined,
  nowSeconds: number,
): VerifyResult {
  const auth = AUTH_RE.exec(req.headers.authorization ?? '');
  if (!auth)
    return fail('AuthFailure.InvalidAuthorization', 'The Authorization header is malformed or missing.');
  const [, secretId = '', date, service = '', signed = '', signature = ''] = auth;
  const tsText = req.headers['x-tc-timestamp'] ?? '';
  const timestamp = /^\d+$/.test(tsText) ? Number(tsText) : Number.NaN;
  if (!Number.isFinite(timestamp))
    return fail('AuthFailure.InvalidAuthorization', 'X-TC-Timestamp is missing.');
  if (Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return fail(
      'AuthFailure.SignatureExpire',
      `Request timestamp ${timestamp} and server time ${nowSeconds} differ by more than five minutes.`,
    );
  }
  if (date !== scopeDate(timestamp)) {
    return fail('AuthFailure.SignatureFailure', 'The credential scope date does not match X-TC-Timestamp.');
  }
  const secretKey = lookupKey(secretId);
  if (secretKey === undefined) return fail('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
  const names = signed.split(';');
  if (!names.includes('host') || !names.includes('content-type')) {
    return fail('AuthFailure.SignatureFailure', 'SignedHeaders must include content-type and host.');
  }
  const headers: Record<string, string> = {};
  for (const n of names) headers[n] = req.headers[n] ?? '';
  headers.host = (headers.host ?? '').replace(/:\d+$/, '');
  const expected = tc3Signature(secretKey, {
    method: req.method,
    path: req.path,
    query: req.query,
    headers,
    signedHeaders: names,
    payload: req.method === 'GET' ? '' : req.body,
    timestamp,
    service,
  });
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    return fail(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated. Please check your signature is correct.',
    );
  }
  return { ok: true, secretId };
}
