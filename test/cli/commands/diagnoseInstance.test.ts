import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseInstances } from '../../../src/cli/commands/diagnoseInstance';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';
import { InputError, NonRetryableError } from '../../../src/errors';

let emu: Emulator;
beforeAll(async () => {
  delete process.env.http_proxy;
  emu = await startEmulator({
    fleet: {
      groups: [
        { count: 2, state: 'healthy' },
        { count: 1, state: 'healthy', faults: { agent: 'offline' } },
      ],
    },
  });
});
afterAll(async () => {
  await emu?.close();
});

describe('diagnoseInstances', () => {
  it('runs the probe with pagetypeinfo on each instance through TAT', async () => {
    const out = await diagnoseInstances({
      instanceIds: emu.instanceIds,
      endpoint: emu.endpoint,
      region: emu.region,
      secretId: emu.secretId,
      secretKey: emu.secretKey,
      env: {},
    });
    expect(out.map((o) => o.instanceId)).toEqual(emu.instanceIds);
    for (const { result } of out.slice(0, 2)) {
      expect(result.outcome).toBe('success');
      expect(result.output).toMatch(/^memfrag-probe 1\n/);
      expect(result.output).toContain('pagetypeinfo=1');
      expect(result.output).toMatch(/== end sections=\d+/);
    }
    expect(out[2]?.result).toMatchObject({ outcome: 'not-delivered' });
  });

  it('takes credentials and region from the environment', async () => {
    const env = {
      TENCENTCLOUD_SECRETID: emu.secretId,
      TENCENTCLOUD_SECRETKEY: emu.secretKey,
      TENCENTCLOUD_REGION: emu.region,
    };
    const out = await diagnoseInstances({ instanceIds: [emu.instanceIds[0]!], endpoint: emu.endpoint, env });
    expect(out[0]?.result.outcome).toBe('success');
  });

  it('refuses a malformed instance id before calling anything', async () => {
    await expect(
      diagnoseInstances({ instanceIds: ['ins-1;reboot'], region: 'ap-guangzhou' }),
    ).rejects.toThrow(InputError);
  });

  it('refuses half a key pair and a missing region', async () => {
    const ids = [emu.instanceIds[0]!];
    await expect(
      diagnoseInstances({ instanceIds: ids, region: 'r', secretId: 'AKID', env: {} }),
    ).rejects.toThrow(/both --secret-id and --secret-key/);
    await expect(diagnoseInstances({ instanceIds: ids, env: {} })).rejects.toThrow(/--region/);
  });

  it('fails clearly without credentials', async () => {
    await expect(
      diagnoseInstances({
        instanceIds: [emu.instanceIds[0]!],
        endpoint: emu.endpoint,
        region: emu.region,
        env: {},
      }),
    ).rejects.toThrow(NonRetryableError);
  });
});
