/**
 * The engine over the TAT emulator (real HTTP, real SDK, optionally through a fault proxy) and a SQLite
 * file, with a fault injector that switches a node's emulator faults per task: the fault of a cell applies
 * to the node's n-th command only (1 = probe, 2 = drop_caches, 3 = re-probe, 4 = compact, 5 = re-probe).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRateLimiter } from '../../src/adapters/cloud/rateLimiter';
import { openStore } from '../../src/adapters/store/openStore';
import { createTatExecutor } from '../../src/adapters/tat/tatExecutor';
import type { Faults, FleetSpec } from '../../src/emulator/fleetSpec';
import { createKernel } from '../../src/emulator/kernel/kernelModel';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator';
import { engineConfig } from '../../src/engine/config';
import { createEngine, type Engine } from '../../src/engine/createEngine';
import type { Executor, Store } from '../../src/ports';
import { type TestClock, testClock } from '../engine/harness';
import { type FaultProxy, startFaultProxy } from './faultProxy';

/** A fault for one node at one task position. */
export interface Cell {
  instanceId: string;
  task: number;
  faults: Faults;
}

export interface MatrixHarness {
  emu: Emulator;
  proxy: FaultProxy;
  engine: Engine;
  store: Store;
  clock: TestClock;
  /** node ids in fleet order */
  ids: string[];
  /** arms per-task faults: each listed node gets its faults on its n-th command only */
  arm(cells: Cell[]): void;
  close(): Promise<void>;
}

// a hanging task ends at its command timeout: keep that short so a hang cell takes seconds, not minutes
const HANG_TIMEOUT_SECONDS = 3;

function injecting(emu: Emulator, inner: Executor, cells: Map<string, Cell>): Executor {
  const seen = new Map<string, number>();
  return {
    run(command, ids, opts) {
      let hang = false;
      for (const id of ids) {
        const n = (seen.get(id) ?? 0) + 1;
        seen.set(id, n);
        const cell = cells.get(id);
        if (!cell) continue;
        const faults = cell.task === n ? cell.faults : {};
        if (faults.hang) hang = true;
        emu.setFaults(id, faults);
      }
      const timeoutSeconds = hang ? Math.min(opts.timeoutSeconds, HANG_TIMEOUT_SECONDS) : opts.timeoutSeconds;
      return inner.run(command, ids, { ...opts, timeoutSeconds });
    },
  };
}

/** Starts the emulator, the proxy in front of it, a SQLite store and an engine. */
export async function matrixHarness(fleet: FleetSpec): Promise<MatrixHarness> {
  delete process.env.http_proxy;
  const emu = await startEmulator({
    fleet,
    kernel: createKernel,
    seed: 11,
    // probes answered in process (byte-identical to bash, same lifecycle and faults): the matrix stays fast
    fastProbe: true,
    latencies: { deliverDelayMs: 200, agentSilenceMs: 600 },
    onInternalError: () => {},
  });
  const proxy = await startFaultProxy(emu.endpoint);
  const home = mkdtempSync(join(tmpdir(), 'memfrag-rel-'));
  const store = await openStore({ home });
  const clock = testClock();
  const real = createTatExecutor({
    region: emu.region,
    endpoint: proxy.endpoint,
    credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
    pollIntervalMs: { min: 40, max: 200 },
    limiter: createRateLimiter(),
    retry: { maxAttempts: 4, baseMs: 20, capMs: 100 },
    reqTimeoutSeconds: 2,
    graceSeconds: 5,
  });
  const cells = new Map<string, Cell>();
  const executor = injecting(emu, real, cells);
  const engine = createEngine({
    store,
    executor,
    clock,
    config: engineConfig({ maxConcurrentCompactions: 100 }),
  });
  return {
    emu,
    proxy,
    engine,
    store,
    clock,
    ids: emu.instanceIds,
    arm(list) {
      for (const c of list) cells.set(c.instanceId, c);
    },
    close: async () => {
      await proxy.close();
      await emu.close();
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
