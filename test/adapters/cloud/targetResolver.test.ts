import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTargetResolver } from '../../../src/adapters/cloud/targetResolver';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    seed: 7,
    fleet: {
      groups: [
        { count: 120, prefix: 'prod', state: 'healthy', tags: { env: 'prod' }, cluster: 'cls-prod0001' },
        { count: 3, prefix: 'dev', state: 'healthy', tags: { env: 'dev' } },
        {
          count: 1,
          prefix: 'off',
          state: 'healthy',
          faults: { instanceState: 'STOPPED' },
          cluster: 'cls-prod0001',
        },
      ],
    },
  });
});
afterAll(async () => emu.close());

const resolver = () =>
  createTargetResolver({
    region: emu.region,
    endpoint: emu.endpoint,
    credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
  });

describe('createTargetResolver against the emulator (CVM and TKE through the real SDK)', () => {
  it('resolves every instance of the region across pages of 100', async () => {
    const all = await resolver().resolve({ kind: 'all' });
    expect(all.map((t) => t.instanceId).sort()).toEqual([...emu.instanceIds].sort());
    expect(all[0]).toMatchObject({ privateIp: '10.0.0.2', name: 'prod-0' });
  });

  it('resolves instance ids, and drops ids that do not exist', async () => {
    const [a, b] = emu.instanceIds;
    const got = await resolver().resolve({ kind: 'instances', instanceIds: [a!, b!, 'ins-zzzzzzzz'] });
    expect(got.map((t) => t.instanceId)).toEqual([a, b]);
  });

  it('resolves private IPs in filter chunks of five values', async () => {
    const ips = [
      '10.0.0.2',
      '10.0.0.3',
      '10.0.0.4',
      '10.0.0.5',
      '10.0.0.6',
      '10.0.0.7',
      '10.1.0.2',
      '10.9.9.9',
    ];
    const got = await resolver().resolve({ kind: 'private-ips', ips });
    expect(got.map((t) => t.privateIp).sort()).toEqual(ips.slice(0, 7).sort());
  });

  it('resolves tags', async () => {
    const got = await resolver().resolve({ kind: 'tags', tags: { env: 'dev' } });
    expect(got.map((t) => t.name)).toEqual(['dev-0', 'dev-1', 'dev-2']);
  });

  it('resolves a TKE cluster to its worker nodes with their LAN IPs', async () => {
    const got = await resolver().resolve({ kind: 'cluster', clusterId: 'cls-prod0001' });
    expect(got).toHaveLength(121);
    expect(got[0]).toMatchObject({ clusterId: 'cls-prod0001', privateIp: '10.0.0.2', nodeName: '10.0.0.2' });
  });

  it('reports an unknown cluster as an error with its code', async () => {
    await expect(resolver().resolve({ kind: 'cluster', clusterId: 'cls-nope0000' })).rejects.toThrow(
      /ClusterNotFound/,
    );
  });
});
