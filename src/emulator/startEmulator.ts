import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandFleet, type Faults, type FleetSpec, uniformFleet } from './fleetSpec';
import { createKernel } from './kernel/index';
import { EmulatedNode } from './tat/emulatedNode';
import { loadKnownProbe } from './tat/fastProbe';
import { createIdSource } from './tat/ids';
import type { KernelFactory } from './tat/kernelContract';
import { RateLimiter, type RateLimitSetting } from './tat/rateLimiter';
import { createStore, type TatStore } from './tat/records';
import { Semaphore } from './tat/semaphore';
import { createTatServer } from './tat/server';
import type { TatService } from './tat/service';
import { DEFAULT_LATENCIES, type Latencies } from './tat/taskRunner';

/** Credentials the emulator accepts unless told otherwise (printed by the CLI). */
export const DEFAULT_SECRET_ID = 'AKIDmemfragEmulator';
export const DEFAULT_SECRET_KEY = 'memfragEmulatorSecretKey0123456789';
const PROBE_URL = new URL('../../runbooks/scripts/probe.sh', import.meta.url);

/** The region the emulator reports. */
export const EMULATOR_REGION = 'ap-guangzhou';

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** 0 (default) = an ephemeral port */
  port?: number;
  host?: '127.0.0.1';
  /** a fleet of N healthy nodes (ignored when `fleet` is given); default 3 */
  nodes?: number;
  fleet?: FleetSpec;
  secretId?: string;
  secretKey?: string;
  latencies?: Partial<Latencies>;
  rateLimitPerSecond?: RateLimitSetting;
  seed?: number;
  /** where node trees and scripts live; default a temp dir, removed on close */
  workDir?: string;
  /** concurrent bash processes on this host; default 16 */
  maxProcesses?: number;
  /** model time that passes on a node between two of its tasks; default 60 s */
  modelStepMs?: number;
  /** the kernel model; default the `src/emulator/kernel` model */
  kernel?: KernelFactory;
  /**
   * answer `runbooks/scripts/probe.sh` in process instead of with bash (byte-identical output); default
   * on above 500 nodes. Stays off when probe.sh is not the version the renderer was written for.
   */
  fastProbe?: boolean;
  /** receives the cause of each InternalError answer; default: printed to stderr */
  onInternalError?: (e: unknown) => void;
}

/** Call counts per action and how many calls were throttled. */
export interface EmulatorStats {
  calls: Record<string, number>;
  throttled: number;
}

/** A running emulator. */
export interface Emulator {
  endpoint: string;
  port: number;
  secretId: string;
  secretKey: string;
  region: string;
  instanceIds: string[];
  /** true when probes are answered in process */
  fastProbe: boolean;
  /** the emulated node (model, tree dir, faults, run log); throws for an unknown id */
  node(instanceId: string): EmulatedNode;
  /** replaces a node's faults at run time */
  setFaults(instanceId: string, faults: Faults): void;
  /** the stored commands, invocations and tasks */
  store: TatStore;
  stats(): EmulatorStats;
  /** waits until no task is in flight (for tests) */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function buildService(
  opts: EmulatorOptions,
  workDir: string,
  seed: number,
  onError: (e: unknown) => void,
): TatService {
  const factory = opts.kernel ?? createKernel;
  const specs = expandFleet(opts.fleet ?? uniformFleet(opts.nodes ?? 3), seed);
  const nodesDir = join(workDir, 'nodes');
  const nodeList = specs.map((s) => new EmulatedNode(s, factory, nodesDir, opts.modelStepMs ?? 60_000));
  const locks = new Map<string, Semaphore>();
  const wantFast = opts.fastProbe ?? nodeList.length > 500;
  const body = wantFast ? loadKnownProbe(fileURLToPath(PROBE_URL)) : undefined;
  return {
    store: createStore(),
    nodes: new Map(nodeList.map((n) => [n.instanceId, n])),
    nodeList,
    newId: createIdSource((seed ^ 0x5eed) >>> 0),
    now: () => Date.now(),
    inflight: new Set(),
    runner: {
      latencies: { ...DEFAULT_LATENCIES, ...opts.latencies },
      slots: new Semaphore(opts.maxProcesses ?? 16),
      nodeLock: (id) => {
        const lock = locks.get(id) ?? new Semaphore(1);
        locks.set(id, lock);
        return lock;
      },
      scriptsDir: join(workDir, 'scripts'),
      now: () => Date.now(),
      ...(body === undefined ? {} : { fastProbe: { body } }),
      onError,
    },
  };
}

/** Starts a TAT API emulator on loopback serving an emulated fleet. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const ownDir = opts.workDir === undefined;
  const workDir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'memfrag-emu-'));
  const seed = opts.seed ?? 1;
  const secretId = opts.secretId ?? DEFAULT_SECRET_ID;
  const secretKey = opts.secretKey ?? DEFAULT_SECRET_KEY;
  const onInternalError =
    opts.onInternalError ?? ((e: unknown) => console.error('emulator internal error:', e));
  const svc = buildService(opts, workDir, seed, onInternalError);
  const limiter = new RateLimiter(opts.rateLimitPerSecond);
  const server = createTatServer({
    svc,
    limiter,
    keys: new Map([[secretId, secretKey]]),
    nowMs: Date.now,
    onInternalError,
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const node = (id: string) => {
    const n = svc.nodes.get(id);
    if (!n) throw new Error(`unknown emulated instance ${id}`);
    return n;
  };
  const idle = async () => {
    while (svc.inflight.size > 0) await Promise.allSettled([...svc.inflight]);
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    secretId,
    secretKey,
    region: EMULATOR_REGION,
    instanceIds: svc.nodeList.map((n) => n.instanceId),
    fastProbe: svc.runner.fastProbe !== undefined,
    node,
    setFaults: (id, faults) => {
      node(id).faults = { ...faults };
    },
    store: svc.store,
    stats: () => ({ calls: Object.fromEntries(limiter.calls), throttled: limiter.throttled }),
    idle,
    close: async () => {
      for (const t of svc.store.tasks.values()) t.abort.abort();
      await idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDir) rmSync(workDir, { recursive: true, force: true });
    },
  };
}
