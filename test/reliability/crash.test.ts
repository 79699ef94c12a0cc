/**
 * Crashes: a worker process is SIGKILLed while each task of the runbook runs on the node (mid-stage) and
 * right after each task ended (stage boundary); the next run reconciles from a fresh probe and closes the
 * episode; its lease and compaction slot expire; nothing stays `running`. A deadline parks and resumes.
 * Heavy: one child process per cell (about 30 s in all). The child is `node --import tsx`, one process: the
 * tsx CLI would run the driver in a grandchild that survives the SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/openStore';
import { createTatExecutor } from '../../src/adapters/tat/tatExecutor';
import { createKernel } from '../../src/emulator/kernel/kernelModel';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator';
import { engineConfig } from '../../src/engine/config';
import { createEngine } from '../../src/engine/createEngine';
import type { Store } from '../../src/ports';
import { testClock } from '../engine/harness';

const DRIVER = new URL('./crashDriver.ts', import.meta.url).pathname;

type Point = 'started' | 'ended';
const CELLS: [number, Point][] = [1, 2, 3, 4, 5].flatMap((k) => [
  [k, 'started'],
  [k, 'ended'],
]);

let emu: Emulator;
const homes: string[] = [];
beforeAll(async () => {
  delete process.env.http_proxy;
  emu = await startEmulator({
    fleet: { groups: [{ count: CELLS.length + 1, prefix: 'anon', state: 'anonymous' }] },
    kernel: createKernel,
    seed: 5,
    fastProbe: true,
    onInternalError: () => {},
  });
});
afterAll(async () => {
  await emu.close();
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

function waitFor(check: () => boolean, child: ChildProcess, ms = 60_000): Promise<boolean> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const tick = () => {
      if (check()) return resolve(true);
      if (child.exitCode !== null || Date.now() - t0 > ms) return resolve(false);
      setTimeout(tick, 5);
    };
    tick();
  });
}

async function crashAt(home: string, instanceId: string, task: number, point: Point): Promise<boolean> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', DRIVER, home, emu.endpoint, emu.secretId, emu.secretKey, instanceId],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = emu.node(instanceId).log;
  const hit = await waitFor(() => {
    const e = log[task - 1];
    return e !== undefined && (point === 'started' || e.exitCode !== undefined);
  }, child);
  child.kill('SIGKILL');
  await new Promise((r) =>
    child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r),
  );
  return hit;
}

async function reconcileAll(store: Store, instanceId: string) {
  // the next run, after the killed run's lease and slot expired
  const clock = testClock(Date.now() + 5_000);
  const executor = createTatExecutor({
    region: emu.region,
    endpoint: emu.endpoint,
    credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
    pollIntervalMs: { min: 30, max: 100 },
  });
  const engine = createEngine({
    store,
    executor,
    clock,
    config: engineConfig({ leaseTtlMs: 1_000, slotTtlMs: 1_000 }),
  });
  const open = await store.listEpisodes({ instanceId, states: ['open', 'running'] });
  return Promise.all(open.map((e) => engine.reconcile(e.id)));
}

describe('a worker killed at every stage boundary and mid-stage', () => {
  it.each(CELLS)(
    'reconciles and closes the episode after a kill at task %i (%s)',
    async (task, point) => {
      const home = mkdtempSync(join(tmpdir(), 'memfrag-crash-'));
      homes.push(home);
      const id = emu.instanceIds[CELLS.findIndex(([k, p]) => k === task && p === point)]!;
      const hit = await crashAt(home, id, task, point);
      expect(hit).toBe(true);
      // the killed run's task finishes on the node, as a TAT task would
      await emu.idle();
      const store = await openStore({ home });
      try {
        const before = emu.node(id).log.length;
        const reports = await reconcileAll(store, id);
        const eps = await store.listEpisodes({ instanceId: id });
        expect(eps).toHaveLength(1);
        expect(eps[0]!.state).toBe('closed');
        expect(['resolved', 'improved']).toContain(eps[0]!.outcome);
        expect(await store.listEpisodes({ states: ['running', 'open'] })).toEqual([]);
        const stages = await store.listStages(eps[0]!.id);
        expect(stages.filter((s) => s.state === 'running')).toEqual([]);
        // the reconcile starts with a probe, and no remediation script ran twice in the episode
        if (reports.length > 0) expect(emu.node(id).log[before]?.name).toBe('probe');
        const writers = emu
          .node(id)
          .log.filter((e) => e.writes.length > 0)
          .map((e) => e.name);
        const trace = {
          writers,
          stages: stages.map((s) => `${s.name}:${s.state}`),
          log: emu.node(id).log.map((e) => e.name),
        };
        expect({ ...trace, twice: new Set(writers).size !== writers.length }).toEqual({
          ...trace,
          twice: false,
        });
        // its lease and the compaction slot are free again
        expect(await store.acquireLease(`node:${id}`, 'next', 60_000, Date.now() + 10_000)).toBe(true);
        expect(await store.acquireSlot('compact', 'next', 5, 60_000, Date.now() + 10_000)).toBe(true);
      } finally {
        await store.close();
      }
    },
    90_000,
  );
});

describe('a worker that reaches its deadline', () => {
  it('parks the episode open and the next run finishes it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'memfrag-deadline-'));
    homes.push(home);
    const id = emu.instanceIds[CELLS.length]!;
    const store = await openStore({ home });
    try {
      const clock = testClock();
      const executor = createTatExecutor({
        region: emu.region,
        endpoint: emu.endpoint,
        credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
        pollIntervalMs: { min: 30, max: 100 },
      });
      const engine = createEngine({ store, executor, clock, config: engineConfig() });
      const parked = await engine.runEpisode({
        instanceId: id,
        trigger: 'alarm',
        reason: 'deadline',
        deadline: clock.now() + 30_000,
      });
      expect(parked).toMatchObject({ state: 'open', code: 'deadline' });
      const done = await engine.reconcile(parked.episodeId!);
      expect(done.state).toBe('closed');
      expect(await store.listEpisodes({ states: ['running', 'open'] })).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
