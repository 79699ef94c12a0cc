import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudApiError, parseEndpoint } from '../../../src/adapters/cloud/cloudApi';
import { createRateLimiter } from '../../../src/adapters/cloud/rateLimiter';
import { createTatApi } from '../../../src/adapters/tat/tatApi';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';
import { NonRetryableError } from '../../../src/errors';

describe('parseEndpoint', () => {
  it('splits a URL into the SDK endpoint and protocol', () => {
    expect(parseEndpoint('http://127.0.0.1:8080')).toEqual({
      endpoint: '127.0.0.1:8080',
      protocol: 'http://',
    });
    expect(parseEndpoint('https://tat.tencentcloudapi.com/')).toEqual({
      endpoint: 'tat.tencentcloudapi.com',
      protocol: 'https://',
    });
    expect(parseEndpoint('tat.tencentcloudapi.com')).toEqual({ endpoint: 'tat.tencentcloudapi.com' });
    expect(parseEndpoint(undefined)).toEqual({});
  });

  it('refuses something that is not host[:port]', () => {
    expect(() => parseEndpoint('http://a/b/c')).toThrow(NonRetryableError);
  });
});

describe('cloud API calls through the real SDK', () => {
  let emu: Emulator;
  beforeAll(async () => {
    delete process.env.http_proxy;
    emu = await startEmulator({
      fleet: {
        groups: [
          { count: 1, state: 'healthy' },
          { count: 1, state: 'healthy', faults: { slowApiMs: 2500 } },
        ],
      },
    });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('re-reads credentials on every call, so rotated keys take effect at once', async () => {
    const env: NodeJS.ProcessEnv = {
      TENCENTCLOUD_SECRETID: emu.secretId,
      TENCENTCLOUD_SECRETKEY: emu.secretKey,
    };
    const api = createTatApi({
      region: emu.region,
      endpoint: emu.endpoint,
      env,
      limiter: createRateLimiter(),
    });
    const id = emu.instanceIds[0]!;
    expect((await api.describeAgents([id]))[0]?.AgentStatus).toBe('Online');
    env.TENCENTCLOUD_SECRETKEY = 'rotated-but-wrong-key';
    const err = await api.describeAgents([id]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetryableError);
    expect((err as Error).message).not.toContain('rotated-but-wrong-key');
    env.TENCENTCLOUD_SECRETKEY = emu.secretKey;
    expect(await api.describeAgents([id])).toHaveLength(1);
  });

  it('retries a read whose answer did not come, then reports a transport failure', async () => {
    const before = emu.stats().calls.DescribeAutomationAgentStatus ?? 0;
    const api = createTatApi({
      region: emu.region,
      endpoint: emu.endpoint,
      credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
      limiter: createRateLimiter(),
      reqTimeoutSeconds: 1,
      retry: { maxAttempts: 2, baseMs: 1, capMs: 1 },
    });
    const err = await api.describeAgents([emu.instanceIds[1]!]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ transport: true, code: undefined, action: 'DescribeAutomationAgentStatus' });
    expect((emu.stats().calls.DescribeAutomationAgentStatus ?? 0) - before).toBe(2);
  });
});
