import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';
import { scopeDate, tc3Signature } from '../../../src/emulator/tat/tc3';
import { errorCode, SdkError, tatClient } from './sdk';

/** Posts a TC3-signed request the way the SDK does, with a chosen timestamp and headers. */
async function rawCall(
  emu: Emulator,
  action: string,
  body: object,
  over: { ts?: number; version?: string } = {},
) {
  const payload = JSON.stringify(body);
  const ts = over.ts ?? Math.floor(Date.now() / 1000);
  const sig = tc3Signature(emu.secretKey, {
    method: 'POST',
    path: '/',
    query: '',
    headers: { 'content-type': 'application/json', host: '127.0.0.1' },
    signedHeaders: ['content-type', 'host'],
    payload,
    timestamp: ts,
    service: 'tat',
  });
  const res = await fetch(`${emu.endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-tc-action': action,
      'x-tc-version': over.version ?? '2020-10-28',
      'x-tc-timestamp': String(ts),
      'x-tc-traceid': 'trace-1',
      authorization: `TC3-HMAC-SHA256 Credential=${emu.secretId}/${scopeDate(ts)}/tat/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`,
    },
    body: payload,
  });
  return {
    status: res.status,
    trace: res.headers.get('x-tc-traceid'),
    json: (await res.json()) as { Response: { Error?: { Code: string }; RequestId: string } },
  };
}

describe('TAT emulator HTTP front', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ nodes: 2, rateLimitPerSecond: { DescribeInvocations: 3 } });
  });
  afterAll(() => emu.close());

  it('answers the real SDK with its RequestId', async () => {
    const r = await tatClient(emu).DescribeAutomationAgentStatus({});
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.TotalCount).toBe(2);
  });

  it('refuses a wrong SecretKey with AuthFailure.SignatureFailure over HTTP 200', async () => {
    const p = tatClient(emu, { secretKey: 'not-the-key' }).DescribeAutomationAgentStatus({});
    await expect(p).rejects.toBeInstanceOf(SdkError);
    expect(await errorCode(tatClient(emu, { secretKey: 'x' }).DescribeInvocations({}))).toBe(
      'AuthFailure.SignatureFailure',
    );
  });

  it('refuses an unknown SecretId with AuthFailure.SecretIdNotFound', async () => {
    const code = await errorCode(tatClient(emu, { secretId: 'AKIDsomeoneElse' }).DescribeInvocations({}));
    expect(code).toBe('AuthFailure.SecretIdNotFound');
  });

  it('refuses a timestamp older than five minutes with AuthFailure.SignatureExpire', async () => {
    const r = await rawCall(emu, 'DescribeInvocations', {}, { ts: Math.floor(Date.now() / 1000) - 360 });
    expect(r.status).toBe(200);
    expect(r.json.Response.Error?.Code).toBe('AuthFailure.SignatureExpire');
    expect(r.json.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts the service name tat in the scope and echoes the trace id', async () => {
    const r = await rawCall(emu, 'DescribeAutomationAgentStatus', {});
    expect(r.json.Response.Error).toBeUndefined();
    expect(r.trace).toBe('trace-1');
  });

  it('answers NoSuchVersion and InvalidAction', async () => {
    const v = await rawCall(emu, 'DescribeInvocations', {}, { version: '2017-03-12' });
    expect(v.json.Response.Error?.Code).toBe('NoSuchVersion');
    expect(await errorCode(tatClient(emu).request('DescribeNothing', {}))).toBe('InvalidAction');
  });

  it('answers RequestLimitExceeded beyond the per-action rate and counts it', async () => {
    const client = tatClient(emu);
    const codes = await Promise.all(
      Array.from({ length: 6 }, () => errorCode(client.DescribeInvocations({}))),
    );
    expect(codes.filter((c) => c === 'RequestLimitExceeded').length).toBeGreaterThanOrEqual(3);
    expect(emu.stats().throttled).toBeGreaterThanOrEqual(3);
    expect(emu.stats().calls.DescribeInvocations).toBeGreaterThanOrEqual(6);
  });
});
