import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalRequest,
  type SignInput,
  sha256Hex,
  tc3Signature,
  verifyTc3,
} from '../../../src/emulator/tat/tc3';

// The official golden vector of "Signature v3" (tencentcloud.com/document/product/1150/49447).
const GOLDEN: SignInput = {
  method: 'POST',
  path: '/',
  query: '',
  headers: { 'content-type': 'application/json; charset=utf-8', host: 'cvm.tencentcloudapi.com' },
  signedHeaders: ['content-type', 'host'],
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  timestamp: 1551113065,
  service: 'cvm',
};
const GOLDEN_KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
const GOLDEN_SIG = '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168';

function signedRequest(over: { key?: string; now?: number; host?: string; secretId?: string } = {}) {
  const sig = tc3Signature(over.key ?? GOLDEN_KEY, GOLDEN);
  const auth = `TC3-HMAC-SHA256 Credential=${over.secretId ?? 'AKIDEXAMPLE'}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`;
  return {
    method: 'POST',
    path: '/',
    query: '',
    headers: {
      authorization: auth,
      'content-type': 'application/json; charset=utf-8',
      host: over.host ?? 'cvm.tencentcloudapi.com:8443',
      'x-tc-timestamp': '1551113065',
    },
    body: Buffer.from(GOLDEN.payload as string),
  };
}

const keys = (id: string) => (id === 'AKIDEXAMPLE' ? GOLDEN_KEY : undefined);

describe('TC3-HMAC-SHA256', () => {
  it('reproduces the official golden vector hashes and signature', () => {
    expect(sha256Hex(GOLDEN.payload)).toBe(
      '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(sha256Hex(canonicalRequest(GOLDEN))).toBe(
      '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(tc3Signature(GOLDEN_KEY, GOLDEN)).toBe(GOLDEN_SIG);
  });

  it('accepts the golden request with the port stripped from Host', () => {
    expect(verifyTc3(signedRequest(), keys, 1551113065 + 299)).toEqual({ ok: true, secretId: 'AKIDEXAMPLE' });
  });

  it('refuses a signature made with another key', () => {
    const r = verifyTc3(signedRequest({ key: 'wrong' }), keys, 1551113065);
    expect(r).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it('refuses a request signed for another host', () => {
    const r = verifyTc3(signedRequest({ host: 'tat.tencentcloudapi.com' }), keys, 1551113065);
    expect(r).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it('refuses a timestamp more than five minutes away in either direction', () => {
    expect(verifyTc3(signedRequest(), keys, 1551113065 + 301)).toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
    expect(verifyTc3(signedRequest(), keys, 1551113065 - 301)).toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
  });

  it('refuses an unknown SecretId', () => {
    const r = verifyTc3(signedRequest({ secretId: 'AKIDnobody' }), keys, 1551113065);
    expect(r).toMatchObject({ ok: false, code: 'AuthFailure.SecretIdNotFound' });
  });

  it('refuses a missing or malformed Authorization header', () => {
    const req = signedRequest();
    req.headers.authorization = 'Bearer x';
    expect(verifyTc3(req, keys, 1551113065)).toMatchObject({ code: 'AuthFailure.InvalidAuthorization' });
  });
});

describe('TC3 verification properties', () => {
  const sign = (body: string, key: string, ts: number) => {
    const input: SignInput = {
      ...GOLDEN,
      payload: body,
      timestamp: ts,
      service: 'tat',
      headers: { ...GOLDEN.headers, host: '127.0.0.1' },
    };
    const auth = `TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/${new Date(ts * 1000).toISOString().slice(0, 10)}/tat/tc3_request, SignedHeaders=content-type;host, Signature=${tc3Signature(key, input)}`;
    return {
      method: 'POST',
      path: '/',
      query: '',
      headers: {
        authorization: auth,
        'content-type': GOLDEN.headers['content-type'],
        host: '127.0.0.1:1234',
        'x-tc-timestamp': String(ts),
      },
      body: Buffer.from(body),
    };
  };

  it('accepts what it signs and refuses any change to the body', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.integer({ min: 1e9, max: 2e9 }),
        fc.nat(),
        (body, ts, at) => {
          const req = sign(body, GOLDEN_KEY, ts);
          expect(verifyTc3(req, keys, ts).ok).toBe(true);
          const bytes = Buffer.from(req.body);
          const i = at % bytes.length;
          bytes[i] = (bytes[i] ?? 0) ^ 1;
          expect(verifyTc3({ ...req, body: bytes }, keys, ts)).toMatchObject({
            code: 'AuthFailure.SignatureFailure',
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
