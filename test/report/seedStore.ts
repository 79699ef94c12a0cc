/**
 * Real records for report tests: the engine runs a sweep over an emulated fleet (TAT emulator over HTTP
 * through the real SDK, the kernel model behind it) into a real SQLite store in a temp home.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRateLimiter } from '../../src/adapters/cloud/rateLimiter';
import { openStore } from '../../src/adapters/store/openStore';
import { createTatExecutor } from '../../src/adapters/tat/tatExecutor';
import type { FleetSpec } from '../../src/emulator/fleetSpec';
import { createKernel } from '../../src/emulator/kernel/kernelModel';
import { startEmulator } from '../../src/emulator/startEmulator';
import { engineConfig } from '../../src/engine/config';
import { createEngine } from '../../src/engine/createEngine';
import type { RunReport } from '../../src/engine/types';
import { systemClock } from '../../src/ports';

/** A reason with markup in it, as an alarm text or an operator could send. */
export const HOSTILE_REASON = 'alarm <script>window.pwned=1</script> & "quotes" <img src=x onerror=alert(1)>';

/** One of each kind of node; the anonymous-memory node last, so its episode is the newest. */
export const REPORT_FLEET: FleetSpec = {
  groups: [
    { count: 2, prefix: 'web', state: 'healthy' },
    { count: 1, prefix: 'tight', state: 'low-memory', memoryMiB: 2048 },
    { count: 1, prefix: 'pinned', state: 'unmovable' },
    { count: 1, prefix: 'lost', state: 'healthy', faults: { agent: 'offline' } },
    { count: 1, prefix: 'cache', state: 'pagecache', numaNodes: 2, memoryMiB: 16384 },
    { count: 1, prefix: 'tke-old', state: 'anonymous', kernel: '3.10' },
  ],
};

export interface Seeded {
  home: string;
  run: RunReport;
  /** the episode id of the first node whose hostname starts with `prefix-` */
  episodeOf(prefix: string): string;
  cleanup(): void;
}

/** Runs one sweep over `fleet` and closes everything but the store's files in `home`. */
export async function seedStore(fleet: FleetSpec = REPORT_FLEET): Promise<Seeded> {
  // the SDK would send even loopback calls through an http_proxy from the environment
  delete process.env.http_proxy;
  const emu = await startEmulator({ fleet, kernel: createKernel, seed: 7, onInternalError: () => {} });
  const home = mkdtempSync(join(tmpdir(), 'memfrag-report-home-'));
  const store = await openStore({ home });
  const hosts = new Map(emu.instanceIds.map((id) => [id, emu.node(id).spec.hostname]));
  try {
    const executor = createTatExecutor({
      region: emu.region,
      endpoint: emu.endpoint,
      credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
      pollIntervalMs: { min: 50, max: 300 },
      limiter: createRateLimiter(),
    });
    // wall time, so stage durations in the report are the real ones
    const engine = createEngine({ store, executor, clock: systemClock, config: engineConfig({}) });
    const requests = emu.instanceIds.map((instanceId, i) => ({
      instanceId,
      trigger: 'sweep' as const,
      reason: i === 0 ? HOSTILE_REASON : 'scheduled fleet sweep',
    }));
    const run = await engine.runFleet(requests, {}, 'sweep');
    const episodeOf = (prefix: string): string => {
      const ep = run.episodes.find((e) => hosts.get(e.instanceId)?.startsWith(`${prefix}-`));
      if (!ep?.episodeId) throw new Error(`no episode for ${prefix}`);
      return ep.episodeId;
    };
    return { home, run, episodeOf, cleanup: () => rmSync(home, { recursive: true, force: true }) };
  } finally {
    await store.close();
    await emu.close();
  }
}
