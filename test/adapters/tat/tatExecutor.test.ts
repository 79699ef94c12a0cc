import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/adapters/cloud/rateLimiter';
import { createTatExecutor } from '../../../src/adapters/tat/tatExecutor';
import { NonRetryableError } from '../../../src/errors';
import type { TaskResult } from '../../../src/ports';
import { type Harness, startHarness } from './emulatorHarness';

// prints the node's own tree path, which contains its instance id: proves results are matched to instances
const WHO = { name: 'who', content: 'echo "root=$MEMFRAG_ROOT"; echo to-stderr >&2; exit 0' };

let h: Harness | undefined;
afterEach(async () => {
  await h?.emu.close();
  h = undefined;
});

function expectRanOn(r: TaskResult | undefined, id: string) {
  expect(r).toMatchObject({ instanceId: id, outcome: 'success', exitCode: 0, delivered: true, ran: true });
  expect(r?.output).toContain(`/${id}\n`);
  expect(r?.output).toContain('to-stderr');
  expect(r?.outputComplete).toBe(true);
  expect(r?.taskId).toMatch(/^invt-/);
}

describe('TatExecutor against the emulator', () => {
  it('runs a command and returns one result per instance in the order given', async () => {
    h = await startHarness({ nodes: 3 });
    const ids = [...h.emu.instanceIds].reverse();
    const results = await h.exec.run(WHO, [...ids, ids[0]!], { timeoutSeconds: 10 });
    expect(results).toHaveLength(4);
    for (const [i, id] of ids.entries()) expectRanOn(results[i], id);
    expect(results[3]).toEqual(results[0]);
    // a duplicate id is sent once
    expect(h.emu.stats().calls.RunCommand).toBe(1);
    expect(h.emu.store.tasks.size).toBe(3);
  });

  it('splits more than 200 instances into batches and pages through more than 100 tasks', async () => {
    // most deliveries fail fast (no bash process), so 201 tasks stay cheap; a few really run
    h = await startHarness({
      fleet: {
        groups: [
          { count: 3, state: 'healthy' },
          { count: 195, state: 'healthy', faults: { delivery: 'failed' } },
          { count: 3, state: 'healthy' },
        ],
      },
    });
    const ids = h.emu.instanceIds;
    const seen: string[] = [];
    const results = await h.exec.run(WHO, ids, {
      timeoutSeconds: 30,
      onResult: (r) => seen.push(r.instanceId),
    });
    for (const i of [0, 1, 2, 198, 199, 200]) expectRanOn(results[i], ids[i]!);
    for (const r of results.slice(3, 198)) expect(r.outcome).toBe('not-delivered');
    // every result carries the task the emulator created for that very instance
    const taskOf = new Map([...h.emu.store.tasks.values()].map((t) => [t.InstanceId, t.InvocationTaskId]));
    for (const r of results) expect(r.taskId).toBe(taskOf.get(r.instanceId));
    const calls = h.emu.stats().calls;
    expect(calls.RunCommand).toBe(2);
    expect(calls.DescribeAutomationAgentStatus).toBe(3);
    expect(calls.DescribeInvocationTasks).toBeGreaterThanOrEqual(3);
    const sizes = [...h.emu.store.invocations.values()]
      .map((inv) => inv.taskIds.length)
      .sort((a, b) => a - b);
    expect(sizes).toEqual([1, 200]);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('skips instances whose agent is offline, missing or stopped, and runs the rest', async () => {
    h = await startHarness({
      fleet: {
        groups: [
          { count: 2, state: 'healthy' },
          { count: 1, state: 'healthy', faults: { agent: 'offline' } },
          { count: 1, state: 'healthy', faults: { agent: 'not-installed' } },
          { count: 1, state: 'healthy', faults: { instanceState: 'STOPPED' } },
        ],
      },
    });
    const [a, b, offline, missing, stopped] = h.emu.instanceIds as [string, string, string, string, string];
    const results = await h.exec.run(WHO, [a, offline, missing, stopped, b, 'ins-unknown1'], {
      timeoutSeconds: 10,
    });
    expectRanOn(results[0], a);
    expectRanOn(results[4], b);
    for (const r of [results[1], results[2], results[3], results[5]]) {
      expect(r).toMatchObject({ outcome: 'not-delivered', delivered: false, ran: false, exitCode: null });
    }
    expect(results[1]?.error).toMatch(/not online.*Offline/);
    expect(results[2]?.error).toMatch(/no TAT agent/);
    expect(results[3]?.error).toMatch(/not online/);
    // only the two healthy instances were sent anything
    expect([...h.emu.store.tasks.values()].map((t) => t.InstanceId).sort()).toEqual([a, b].sort());
  });

  it('cancels what is still running at the deadline', async () => {
    h = await startHarness({
      fleet: {
        groups: [
          { count: 1, state: 'healthy' },
          { count: 1, state: 'healthy', faults: { hang: true } },
        ],
      },
    });
    const [quick, stuck] = h.emu.instanceIds as [string, string];
    const started = Date.now();
    const results = await h.exec.run({ name: 'x', content: 'echo done' }, [quick, stuck], {
      timeoutSeconds: 120,
      deadline: Date.now() + 3000,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(results[0]).toMatchObject({ outcome: 'success', output: 'done\n' });
    expect(results[1]).toMatchObject({
      outcome: 'cancelled',
      ran: true,
      delivered: true,
      outputComplete: false,
    });
    expect(h.emu.stats().calls.CancelInvocation).toBe(1);
    const task = [...h.emu.store.tasks.values()].find((t) => t.InstanceId === stuck);
    await h.emu.idle();
    expect(task?.status).toBe('TERMINATED');
  });

  it('cancels the invocation when the caller aborts', async () => {
    h = await startHarness({ fleet: { groups: [{ count: 1, state: 'healthy', faults: { hang: true } }] } });
    const ac = new AbortController();
    const seen: string[] = [];
    const running = h.exec.run({ name: 'x', content: 'echo started' }, h.emu.instanceIds, {
      timeoutSeconds: 120,
      signal: ac.signal,
      onResult: (r) => seen.push(r.outcome),
    });
    // abort once the command is really running on the node
    const emu = h.emu;
    const isRunning = () => [...emu.store.tasks.values()].some((t) => t.status === 'RUNNING');
    while (!isRunning()) await new Promise((resolve) => setTimeout(resolve, 20));
    ac.abort();
    const [r] = await running;
    expect(r).toMatchObject({ outcome: 'cancelled', outputComplete: false });
    expect(seen).toEqual(['cancelled']);
    expect(h.emu.stats().calls.CancelInvocation).toBe(1);
  });

  it('absorbs throttling: no RequestLimitExceeded reaches the caller', async () => {
    // four processes' worth of executors (each with its own limiter) against an API that allows 2 calls/s
    h = await startHarness({ nodes: 8, rateLimitPerSecond: 2 });
    const { emu } = h;
    const events: unknown[] = [];
    const executors = Array.from({ length: 4 }, () =>
      createTatExecutor({
        region: emu.region,
        endpoint: emu.endpoint,
        credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
        pollIntervalMs: { min: 50, max: 400 },
        limiter: createRateLimiter(),
        log: (e) => events.push(e),
      }),
    );
    const groups = [0, 1, 2, 3].map((i) => emu.instanceIds.slice(i * 2, i * 2 + 2));
    const all = await Promise.all(executors.map((x, i) => x.run(WHO, groups[i]!, { timeoutSeconds: 30 })));
    for (const [i, results] of all.entries()) {
      for (const [j, id] of groups[i]!.entries()) expectRanOn(results[j], id);
    }
    expect(emu.stats().throttled).toBeGreaterThan(0);
    expect(events.some((e) => (e as { code?: string }).code === 'RequestLimitExceeded')).toBe(true);
  });

  it('refuses a script over 64 KB of base64 before calling TAT', async () => {
    h = await startHarness({ nodes: 1 });
    const big = { name: 'big', content: `: ${'x'.repeat(50_000)}` };
    await expect(h.exec.run(big, h.emu.instanceIds, { timeoutSeconds: 10 })).rejects.toThrow(
      NonRetryableError,
    );
    expect(h.emu.stats().calls).toEqual({});
  });

  it('fails a wrong secret with a clear NonRetryableError that never shows a secret', async () => {
    h = await startHarness({ nodes: 1 });
    const wrongKey = 'wrongSecretKey-9f8e7d6c5b4a';
    const events: unknown[] = [];
    const exec = createTatExecutor({
      region: h.emu.region,
      endpoint: h.emu.endpoint,
      credentials: { secretId: h.emu.secretId, secretKey: wrongKey, token: 'session-token-abcdef' },
      limiter: createRateLimiter(),
      log: (e) => events.push(e),
    });
    const err = await exec.run(WHO, h.emu.instanceIds, { timeoutSeconds: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetryableError);
    expect((err as Error).message).toMatch(/AuthFailure\.SignatureFailure/);
    // only one attempt: authentication failures are not retried
    expect(h.emu.stats().calls).toEqual({});
    const everything = JSON.stringify([
      (err as Error).message,
      (err as Error).stack,
      (err as Error).cause,
      String(err),
      events,
    ]);
    for (const secret of [wrongKey, h.emu.secretKey, 'session-token-abcdef']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('never puts a secret in results or log events of a normal run', async () => {
    h = await startHarness({ nodes: 2 });
    const results = await h.exec.run(WHO, h.emu.instanceIds, { timeoutSeconds: 10 });
    const everything = JSON.stringify([results, h.events]);
    expect(h.events.length).toBeGreaterThan(0);
    expect(everything).not.toContain(h.emu.secretKey);
    expect(everything).not.toContain(h.emu.secretId);
  });
});
