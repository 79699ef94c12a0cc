import { EL7, type Era, MODERN } from './era';
import { Events } from './events';
import { KernelLog } from './kernelLog';
import { layoutZones } from './layout';
import { agePreset } from './presets';
import { createRng, type Rng } from './prng';
import type { KernelSpec, Preset } from './types';
import { applyWatermarks, minFreeKbytes } from './watermarks';
import type { Zone } from './zone';

/** Default memory per NUMA node: small enough for a 10,000-node fleet on one host. */
export const DEFAULT_MIB_PER_NODE = 256;

/** The full mutable state of one emulated kernel. */
export interface Machine {
  preset: Preset;
  era: Era;
  nodes: Zone[][];
  events: Events;
  log: KernelLog;
  rng: Rng;
  hostname: string;
  minFreeKb: number;
  failOrder: number;
  /** model time since creation */
  nowMs: number;
  /** kernel uptime when the model was created */
  bootUptimeMs: number;
  /** model time up to which the workload has been aged */
  agedMs: number;
  lastWarnMs: number;
  suppressed: number;
  /** drop_caches stops logging after a write with bit 4 */
  dropQuiet: boolean;
  nextPid: number;
}

/** Builds and ages a machine deterministically from its spec. */
export function buildMachine(spec: KernelSpec): Machine {
  const era = spec.kernel === '3.10' ? EL7 : MODERN;
  const numa = Math.max(1, Math.min(8, Math.floor(spec.numaNodes ?? 1)));
  const mib = spec.memoryMiB ?? DEFAULT_MIB_PER_NODE * numa;
  const rng = createRng(spec.seed);
  const nodes = layoutZones(mib, numa);
  const zones = nodes.flat();
  for (const z of zones) z.rebuild();
  const minFreeKb = minFreeKbytes(zones);
  applyWatermarks(nodes, era, minFreeKb, 10);
  agePreset(nodes, spec.preset, rng, !era.modern);
  for (const z of zones) z.rebuild();
  const m: Machine = {
    preset: spec.preset,
    era,
    nodes,
    events: new Events(),
    log: new KernelLog(),
    rng,
    hostname: spec.hostname ?? `vm-${(spec.seed >>> 0) % 256}-${(spec.seed >>> 8) % 256}-memfrag`,
    minFreeKb,
    failOrder: era.modern ? 4 : 6,
    nowMs: 0,
    bootUptimeMs: rng.int(2, 40) * 86_400_000 + rng.int(0, 86_399_999),
    agedMs: 0,
    lastWarnMs: Number.NEGATIVE_INFINITY,
    suppressed: 0,
    dropQuiet: false,
    nextPid: rng.int(20_000, 200_000),
  };
  seedEvents(m);
  m.log.add(0, [
    `Linux version ${era.osrelease} (mockbuild@memfrag) #1 SMP`,
    'Command line: ro console=ttyS0',
  ]);
  return m;
}

/** Kernel uptime in ms at the model's current time. */
export function uptimeMs(m: Machine): number {
  return m.bootUptimeMs + m.nowMs;
}

/** Counters a long-running node has accumulated before the model starts (never drop/compaction ones). */
function seedEvents(m: Machine): void {
  const days = m.bootUptimeMs / 86_400_000;
  const base = Math.floor(days * 1_000_000);
  m.events.add('pgpgin', base * 3);
  m.events.add('pgpgout', base * 5);
  m.events.add('pgalloc_normal', base * 40);
  m.events.add('pgalloc_dma32', base * 9);
  m.events.add('pgfree', base * 50);
  m.events.add('pgfault', base * 60);
  m.events.add('pgmajfault', Math.floor(base / 50));
  m.events.add('pgactivate', base * 2);
  m.events.add('pgdeactivate', base);
}
