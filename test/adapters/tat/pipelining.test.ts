import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimiter } from '../../../src/adapters/cloud/rateLimiter';
import { createTatExecutor } from '../../../src/adapters/tat/tatExecutor';
import { type Emulator, startEmulator } from '../../../src/emulator/startEmulator';
import { type FaultProxy, startFaultProxy } from '../../reliability/faultProxy';

// three RunCommand batches of 200; in each, two nodes really run the command and the rest fail delivery fast
const THREE_BATCHES = {
  groups: [0, 1, 2].flatMap(() => [
    { count: 2, state: 'healthy' as const },
    { count: 198, state: 'healthy' as const, faults: { delivery: 'failed' as const } },
  ]),
};
const ECHO = { name: 'echo', content: 'echo ok' };

let emu: Emulator | undefined;
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await emu?.close();
  proxy = undefined;
  emu = undefined;
});

/** The real limiter, noting when each request of each action was let through. */
function recordingLimiter(): { limiter: RateLimiter; grants: Map<string, number[]> } {
  const inner = createRateLimiter();
  const grants = new Map<string, number[]>();
  const limiter: RateLimiter = {
    async acquire(key, rate, signal) {
      await inner.acquire(key, rate, signal);
      const action = key.slice(key.lastIndexOf('/') + 1);
      grants.set(action, [...(grants.get(action) ?? []), performance.now()]);
    },
  };
  return { limiter, grants };
}

function executorFor(e: Emulator, endpoint: string, limiter: RateLimiter, rate: number) {
  return createTatExecutor({
    region: e.region,
    endpoint,
    credentials: { secretId: e.secretId, secretKey: e.secretKey },
    pollIntervalMs: { min: 50, max: 400 },
    rateLimitPerSecond: rate,
    limiter,
  });
}

describe('TatExecutor pipelining', () => {
  it('keeps every action at its rate while checking, sending and reading overlap', async () => {
    delete process.env.http_proxy;
    emu = await startEmulator({ fleet: THREE_BATCHES, rateLimitPerSecond: 10 });
    const { limiter, grants } = recordingLimiter();
    const rate = 3;
    const results = await executorFor(emu, emu.endpoint, limiter, rate).run(ECHO, emu.instanceIds, {
      timeoutSeconds: 30,
    });
    for (const k of [0, 200, 400]) {
      expect(results[k]).toMatchObject({ outcome: 'success', output: 'ok\n' });
      expect(results[k + 1]).toMatchObject({ outcome: 'success', output: 'ok\n' });
      expect(results[k + 2]).toMatchObject({ outcome: 'not-delivered' });
    }
    // grants are evenly spaced (burst 1), so a 1-second window holds `rate` of them; one more is allowed
    // because a grant is noted only when this busy event loop gets to it, which can bunch two together
    for (const [action, at] of grants) {
      for (let i = 0; i + rate + 1 < at.length; i++) {
        expect(at[i + rate + 1]! - at[i]!, action).toBeGreaterThanOrEqual(1000);
      }
    }
    expect(emu.stats().throttled).toBe(0);
    expect(emu.stats().calls).toMatchObject({ DescribeAutomationAgentStatus: 6, RunCommand: 3 });
    // the first batch was being read before the last one was sent
    const reads = grants.get('DescribeInvocationTasks') ?? [];
    const runs = grants.get('RunCommand') ?? [];
    expect(runs).toHaveLength(3);
    expect(reads[0]!).toBeLessThan(runs[2]!);
  }, 30_000);

  it('reports a batch whose RunCommand answer was lost without resending it or harming the others', async () => {
    delete process.env.http_proxy;
    emu = await startEmulator({ fleet: THREE_BATCHES });
    proxy = await startFaultProxy(emu.endpoint);
    // the second RunCommand to arrive runs upstream, but its answer never comes back
    proxy.setRule((action, runCommands) => (action === 'RunCommand' && runCommands === 1 ? 'reset' : 'pass'));
    const exec = executorFor(emu, proxy.endpoint, createRateLimiter(), 20);
    const results = await exec.run(ECHO, emu.instanceIds, { timeoutSeconds: 30 });
    const lost = results.filter((r) => r.outcome === 'unknown');
    expect(lost).toHaveLength(200);
    for (const r of lost) {
      expect(r).toMatchObject({ ran: true });
      expect(r.error).toMatch(/RunCommand answer lost/);
    }
    // the lost batch is one whole batch of 200 consecutive instances
    const first = results.findIndex((r) => r.outcome === 'unknown');
    expect(first % 200).toBe(0);
    expect(results.slice(first, first + 200).every((r) => r.outcome === 'unknown')).toBe(true);
    // the other two batches finished normally
    for (const k of [0, 200, 400].filter((k) => k !== first)) {
      expect(results[k]).toMatchObject({ outcome: 'success', output: 'ok\n' });
      expect(results[k + 1]).toMatchObject({ outcome: 'success', output: 'ok\n' });
      expect(results.slice(k + 2, k + 200).every((r) => r.outcome === 'not-delivered')).toBe(true);
    }
    // sent once, never resent: three calls, three invocations (the lost one did run upstream)
    expect(emu.stats().calls.RunCommand).toBe(3);
    expect(emu.store.invocations.size).toBe(3);
  }, 30_000);

  it('cancels sent batches and sends no more when the caller aborts mid-dispatch', async () => {
    delete process.env.http_proxy;
    emu = await startEmulator({
      fleet: { groups: [{ count: 400, state: 'healthy', faults: { hang: true, delivery: 'delayed' } }] },
      latencies: { deliverDelayMs: 60_000 },
    });
    const { limiter, grants } = recordingLimiter();
    const ac = new AbortController();
    // 2 calls/s: the second batch's agent check comes a second after the first batch is sent
    const running = executorFor(emu, emu.endpoint, limiter, 2).run(ECHO, emu.instanceIds, {
      timeoutSeconds: 120,
      signal: ac.signal,
    });
    while ((grants.get('RunCommand') ?? []).length === 0 || emu.store.invocations.size === 0)
      await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    const results = await running;
    expect(emu.stats().calls.RunCommand).toBe(1);
    expect(emu.stats().calls.CancelInvocation).toBe(1);
    const sent = new Set([...emu.store.tasks.values()].map((t) => t.InstanceId));
    expect(sent.size).toBe(200);
    for (const r of results) {
      expect(r.outcome).toBe('cancelled');
      if (!sent.has(r.instanceId)) expect(r.error).toMatch(/not sent/);
    }
    await emu.idle();
    expect([...emu.store.tasks.values()].every((t) => t.status === 'CANCELLED')).toBe(true);
  }, 30_000);
});
