/** The engine against the TAT emulator (real HTTP through the real SDK) and a real SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRateLimiter } from '../../src/adapters/cloud/rateLimiter';
import { openStore } from '../../src/adapters/store/openStore';
import { createTatExecutor } from '../../src/adapters/tat/tatExecutor';
import type { FleetSpec } from '../../src/emulator/fleetSpec';
import { createKernel } from '../../src/emulator/kernel/kernelModel';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator';
import { type EngineConfigInput, engineConfig } from '../../src/engine/config';
import { createEngine, type Engine } from '../../src/engine/createEngine';
import type { Store } from '../../src/ports';
import { type TestClock, testClock } from './harness';

export interface FleetHarness {
  emu: Emulator;
  engine: Engine;
  store: Store;
  clock: TestClock;
  /** instance ids by the fleet group prefix */
  ids(prefix: string): string[];
  close(): Promise<void>;
}

/** Starts an emulated fleet with the kernel model and an engine over it. */
export async function fleetHarness(fleet: FleetSpec, config: EngineConfigInput = {}): Promise<FleetHarness> {
  // the SDK would send even loopback calls through an http_proxy from the environment
  delete process.env.http_proxy;
  const emu = await startEmulator({ fleet, kernel: createKernel, seed: 7, onInternalError: () => {} });
  const home = mkdtempSync(join(tmpdir(), 'memfrag-fleet-home-'));
  const store = await openStore({ home });
  const clock = testClock();
  const executor = createTatExecutor({
    region: emu.region,
    endpoint: emu.endpoint,
    credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
    pollIntervalMs: { min: 50, max: 300 },
    limiter: createRateLimiter(),
  });
  const engine = createEngine({ store, executor, clock, config: engineConfig(config) });
  const ids = (prefix: string) =>
    emu.instanceIds.filter((id) => emu.node(id).spec.hostname.startsWith(`${prefix}-`));
  return {
    emu,
    engine,
    store,
    clock,
    ids,
    close: async () => {
      await emu.close();
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
