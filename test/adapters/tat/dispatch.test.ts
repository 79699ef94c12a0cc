import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/adapters/cloud/rateLimiter';
import { checkAgents } from '../../../src/adapters/tat/checkAgents';
import { dispatch, type RunTemplate } from '../../../src/adapters/tat/dispatch';
import { createTatApi } from '../../../src/adapters/tat/tatApi';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';

const TEMPLATE: RunTemplate = {
  Content: Buffer.from('echo hi').toString('base64'),
  CommandType: 'SHELL',
  Timeout: 10,
  Username: 'root',
  CommandName: 'memfrag-test',
};

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const apiFor = (e: Emulator, reqTimeoutSeconds?: number) =>
  createTatApi({
    region: e.region,
    endpoint: e.endpoint,
    credentials: { secretId: e.secretId, secretKey: e.secretKey },
    limiter: createRateLimiter(),
    ...(reqTimeoutSeconds ? { reqTimeoutSeconds } : {}),
  });

describe('dispatch (RunCommand batches)', () => {
  it('settles the instances a refused batch names and resends the rest once', async () => {
    // the agents went away after the pre-check: RunCommand refuses the whole batch, naming one instance
    delete process.env.http_proxy;
    emu = await startEmulator({
      fleet: {
        groups: [
          { count: 3, state: 'healthy' },
          { count: 1, state: 'healthy', faults: { instanceState: 'STOPPED' } },
          { count: 1, state: 'healthy', faults: { agent: 'offline' } },
          { count: 1, state: 'healthy', faults: { agent: 'not-installed' } },
        ],
      },
    });
    const [a, b, c, stopped, offline, bare] = emu.instanceIds as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const { sent, results } = await dispatch(apiFor(emu), TEMPLATE, [a, stopped, b, offline, bare, c]);
    expect(sent.flatMap((s) => s.instanceIds).sort()).toEqual([a, b, c].sort());
    const byId = new Map(results.map((r) => [r.instanceId, r]));
    expect(byId.get(stopped)?.error).toMatch(/not running.*InstanceStateNotRunning/);
    expect(byId.get(offline)?.error).toMatch(/offline.*AgentStatusNotOnline/);
    expect(byId.get(bare)?.error).toMatch(/not installed.*AgentNotInstalled/);
    for (const r of results)
      expect(r).toMatchObject({ outcome: 'not-delivered', delivered: false, ran: false });
    // refused calls created nothing: one invocation holds the three healthy instances
    expect(emu.store.invocations.size).toBe(1);
  });

  it('reports a RunCommand whose answer was lost as unknown and does not resend it', async () => {
    delete process.env.http_proxy;
    emu = await startEmulator({
      fleet: { groups: [{ count: 1, state: 'healthy', faults: { slowApiMs: 2500 } }] },
    });
    const id = emu.instanceIds[0]!;
    const { sent, results } = await dispatch(apiFor(emu, 1), TEMPLATE, [id]);
    expect(sent).toEqual([]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ instanceId: id, outcome: 'unknown', ran: true });
    expect(results[0]?.error).toMatch(/RunCommand answer lost; the command may have run/);
    // the emulator did run it, exactly once
    expect(emu.stats().calls.RunCommand).toBe(1);
    expect([...emu.store.tasks.values()].filter((t) => t.InstanceId === id)).toHaveLength(1);
  });

  it('keeps CVM and Lighthouse instances in separate calls', async () => {
    delete process.env.http_proxy;
    emu = await startEmulator({ nodes: 1 });
    const { sent, results } = await dispatch(apiFor(emu), TEMPLATE, [emu.instanceIds[0]!, 'lhins-abcd1234']);
    expect(sent.map((s) => s.instanceIds)).toEqual([[emu.instanceIds[0]]]);
    expect(results[0]).toMatchObject({ instanceId: 'lhins-abcd1234', outcome: 'not-delivered' });
    expect(results[0]?.error).toMatch(/InstanceNotFound/);
  });
});

describe('checkAgents', () => {
  it('isolates a malformed id that fails the whole status call', async () => {
    delete process.env.http_proxy;
    emu = await startEmulator({ nodes: 2 });
    const [a, b] = emu.instanceIds as [string, string];
    const { online, rejected } = await checkAgents(apiFor(emu), [a, 'not-an-id', b]);
    expect(online).toEqual([a, b]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ instanceId: 'not-an-id', outcome: 'not-delivered' });
    expect(rejected[0]?.error).toMatch(/invalid/);
  });
});
