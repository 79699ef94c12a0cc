/**
 * Fleet sweep benchmark: the probe phase of a sweep (`executor.run(probe, allInstanceIds)`) through the real
 * SDK against the emulator with realistic latencies and rate limits, beside the naive per-instance loop,
 * each in its own child process, in the same run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator';
import { frozenKernelFactory } from './frozenKernel';
import { type LowerBound, lowerBound } from './lowerBound';
import type { SweepAnswer, SweepJob } from './sweepJob';

const CHILD = fileURLToPath(new URL('./sweepChild.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// tsx's own CLI rather than `--import tsx`, which Node 18.15 lacks
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** How the emulated cloud behaves: realistic by default, small for the smoke test. */
export interface FleetBenchOptions {
  sizes: number[];
  runs: number;
  /** answer delay of every API call, ms (the emulator's slowApiMs on every node) */
  apiLatencyMs: number;
  /** PENDING and DELIVERING time of every task, ms: with the in-process probe, the command time */
  pendingMs: number;
  deliveringMs: number;
  /** the naive loop runs on this many instances (its cost per instance does not depend on fleet size) */
  naiveSample: number;
  naivePool: number;
  naivePollMs: number;
  pollIntervalMs: { min: number; max: number };
  /** also run the bench-only pipelined reference sweeper (how close the same API lets one get) */
  reference?: boolean;
  /** progress lines */
  log?: (line: string) => void;
}

/** Realistic settings: 50 ms API answers, 0.5 s pending + 1 s delivery, 20 requests/s per API. */
export const REALISTIC: Omit<FleetBenchOptions, 'sizes' | 'runs'> = {
  apiLatencyMs: 50,
  pendingMs: 500,
  deliveringMs: 1000,
  naiveSample: 200,
  naivePool: 20,
  naivePollMs: 1000,
  pollIntervalMs: { min: 500, max: 5000 },
};

/** One side (sweeper or naive) of one run: the child's answer plus what the emulator saw. */
export interface SideResult {
  answer: SweepAnswer;
  nodes: number;
  serverCalls: Record<string, number>;
  totalCalls: number;
  throttledAnswers: number;
  /** RunCommand accepted -> task final, slowest task, ms */
  slowestCommandMs: number;
  /** event-loop delay of the emulator's process while the child ran, ms: high means the emulator lagged */
  emulatorLagMs: { p99: number; max: number };
}

/** One run at one fleet size. */
export interface FleetRun {
  size: number;
  run: number;
  sweep: SideResult;
  naive: SideResult;
  bound: LowerBound;
  /** naive calls scaled from the sample to the fleet size */
  naiveCallsAtSize: number;
  naiveWallMsAtSize: number;
  /** the pipelined reference sweeper and its own lower bound */
  reference?: { side: SideResult; bound: LowerBound };
}

function runChild(job: SweepJob): Promise<SweepAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, CHILD], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, http_proxy: '', HTTP_PROXY: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`sweep child exited ${code}: ${err}`));
      resolve(JSON.parse(last) as SweepAnswer);
    });
    child.stdin.end(JSON.stringify(job));
  });
}

function slowestCommandMs(emu: Emulator): number {
  let slowest = 0;
  for (const t of emu.store.tasks.values()) {
    if (t.endTime !== null) slowest = Math.max(slowest, t.endTime - t.createdAt);
  }
  return slowest;
}

/** Starts an emulator of `nodes` instances, runs one child against it, and reads the emulator's counts. */
export async function measureSide(
  mode: SweepJob['mode'],
  nodes: number,
  opts: Omit<FleetBenchOptions, 'sizes' | 'runs'>,
): Promise<SideResult> {
  const emu = await startEmulator({
    fleet: { groups: [{ count: nodes, state: 'healthy', faults: { slowApiMs: opts.apiLatencyMs } }] },
    latencies: { pendingMs: opts.pendingMs, deliveringMs: opts.deliveringMs },
    rateLimitPerSecond: 20,
    fastProbe: true,
    kernel: frozenKernelFactory(),
  });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  try {
    lag.enable();
    const answer = await runChild({
      mode,
      endpoint: emu.endpoint,
      region: emu.region,
      secretId: emu.secretId,
      secretKey: emu.secretKey,
      instanceIds: emu.instanceIds,
      timeoutSeconds: 60,
      pollIntervalMs: opts.pollIntervalMs,
      naivePool: opts.naivePool,
      naivePollMs: opts.naivePollMs,
    });
    lag.disable();
    const stats = emu.stats();
    const totalCalls = Object.values(stats.calls).reduce((a, b) => a + b, 0);
    return {
      answer,
      nodes,
      serverCalls: stats.calls,
      totalCalls,
      throttledAnswers: stats.throttled,
      slowestCommandMs: slowestCommandMs(emu),
      emulatorLagMs: { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
    };
  } finally {
    await emu.close();
  }
}

/** Runs the benchmark: for each size, `runs` times the sweeper and the naive loop back to back. */
export async function runFleetBench(opts: FleetBenchOptions): Promise<FleetRun[]> {
  const out: FleetRun[] = [];
  for (const size of opts.sizes) {
    for (let run = 1; run <= opts.runs; run++) {
      opts.log?.(`fleet: ${size} nodes, run ${run}/${opts.runs}: sweeper`);
      const sweep = await measureSide('sweep', size, opts);
      const sample = Math.min(size, opts.naiveSample);
      opts.log?.(`fleet: ${size} nodes, run ${run}/${opts.runs}: naive loop on ${sample}`);
      const naive = await measureSide('naive', sample, opts);
      const scale = size / sample;
      let reference: FleetRun['reference'];
      if (opts.reference) {
        opts.log?.(`fleet: ${size} nodes, run ${run}/${opts.runs}: pipelined reference`);
        const side = await measureSide('pipelined', size, opts);
        reference = { side, bound: lowerBound(size, side.slowestCommandMs, opts.pollIntervalMs.min) };
      }
      out.push({
        ...(reference ? { reference } : {}),
        size,
        run,
        sweep,
        naive,
        bound: lowerBound(size, sweep.slowestCommandMs, opts.pollIntervalMs.min),
        naiveCallsAtSize: naive.totalCalls * scale,
        naiveWallMsAtSize: naive.answer.wallMs * scale,
      });
    }
  }
  return out;
}
