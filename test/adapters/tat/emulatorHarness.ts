/** Starts the TAT emulator and a TatExecutor pointed at it through the real SDK, with a private limiter. */
import type { CloudEvent } from '../../../src/adapters/cloud/cloudApi';
import { createRateLimiter } from '../../../src/adapters/cloud/rateLimiter';
import { createTatExecutor, type TatExecutorOptions } from '../../../src/adapters/tat/tatExecutor';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../src/emulator/startEmulator';
import type { Executor } from '../../../src/ports';

/** What a test gets: the emulator, the executor, and every event the executor logged. */
export interface Harness {
  emu: Emulator;
  exec: Executor;
  events: unknown[];
}

/** Starts an emulator and an executor; fast poll intervals so tests take seconds. */
export async function startHarness(
  emuOpts: EmulatorOptions = {},
  execOpts: Partial<TatExecutorOptions> = {},
): Promise<Harness> {
  // the SDK would send even loopback calls through an http_proxy from the environment
  delete process.env.http_proxy;
  const emu = await startEmulator(emuOpts);
  const events: unknown[] = [];
  const exec = createTatExecutor({
    region: emu.region,
    endpoint: emu.endpoint,
    credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
    pollIntervalMs: { min: 50, max: 400 },
    limiter: createRateLimiter(),
    log: (e: CloudEvent | { event: string }) => events.push(e),
    ...execOpts,
  });
  return { emu, exec, events };
}
