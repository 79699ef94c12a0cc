import { describe, expect, it } from 'vitest';
import { apiPath } from '../../src/app/apiRoutes';
import { createInProcessInvoker } from '../../src/app/inProcessInvoker';
import { createListResolver } from '../../src/app/listResolver';

describe('API paths, list resolver and in-process invoker', () => {
  it('finds the route below /v1 whatever prefix the gateway adds', () => {
    expect(apiPath('/v1/runs')).toBe('/runs');
    expect(apiPath('/release/v1/episodes/ep-1/approve/')).toBe('/episodes/ep-1/approve');
    expect(apiPath('/v2/runs')).toBeNull();
  });

  it('resolves ids, IPs, clusters and all from a target list', async () => {
    const r = createListResolver([
      { instanceId: 'ins-aaaaaaaa', privateIp: '10.0.0.1', clusterId: 'cls-aaaaaaaa' },
      { instanceId: 'ins-bbbbbbbb' },
    ]);
    expect(await r.resolve({ kind: 'private-ips', ips: ['10.0.0.1', '10.0.0.9'] })).toHaveLength(1);
    expect(await r.resolve({ kind: 'instances', instanceIds: ['ins-bbbbbbbb'] })).toEqual([
      { instanceId: 'ins-bbbbbbbb' },
    ]);
    expect(await r.resolve({ kind: 'cluster', clusterId: 'cls-aaaaaaaa' })).toHaveLength(1);
    expect(await r.resolve({ kind: 'all' })).toHaveLength(2);
  });

  it('runs the target after the caller returns, with a copy of the payload', async () => {
    const seen: unknown[] = [];
    const inv = createInProcessInvoker({ w: async (e) => seen.push(e) });
    const payload = { kind: 'episode', n: 1 };
    await inv.invokeAsync('w', payload);
    payload.n = 2;
    expect(seen).toEqual([]);
    await inv.idle();
    expect(seen).toEqual([{ kind: 'episode', n: 1 }]);
    await expect(inv.invokeAsync('nope', {})).rejects.toThrow(/no local function/);
  });
});
