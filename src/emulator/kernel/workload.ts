import { allocPages } from './allocator';
import { failureReport } from './allocFailure';
import { Mt, Page } from './constants';
import { type Machine, uptimeMs } from './machine';
import type { Preset } from './types';
import { watermarkOk } from './watermarkOk';
import { zoneIndex } from './watermarks';
import type { Zone } from './zone';

/** One workload step per second of model time; a long advance ages at most this many steps. */
const STEP_MS = 1000;
const MAX_STEPS = 120;
/** How often the node creates a pod sandbox (the high-order allocation). */
const POD_EVERY_MS = 30_000;
/** warn_alloc is rate limited to one report per 10 s. */
const WARN_INTERVAL_MS = 10_000;
const OPS_PER_STEP = 8;

/** Which page states a preset's workload churns (freed and re-allocated). */
const CHURN: Record<Preset, readonly number[]> = {
  healthy: [Page.Anon, Page.CacheClean],
  pagecache: [Page.CacheClean, Page.CacheClean, Page.Anon],
  anonymous: [Page.Anon],
  unmovable: [Page.Kernel, Page.SlabReclaimable, Page.Anon],
  'low-memory': [Page.Anon],
};

const MT_OF: Record<number, number> = {
  [Page.Kernel]: Mt.Unmovable,
  [Page.SlabReclaimable]: Mt.Reclaimable,
};

/** Ages the machine by `ms` of model time: page churn each second, a pod sandbox every 30 s. */
export function advanceWorkload(m: Machine, ms: number): void {
  const before = m.nowMs;
  const end = before + Math.max(0, ms);
  const steps = Math.floor(end / STEP_MS) - Math.floor(before / STEP_MS);
  for (let s = 0; s < Math.min(steps, MAX_STEPS); s++) churn(m);
  const firstPod = Math.floor(before / POD_EVERY_MS) + 1;
  const lastPod = Math.floor(end / POD_EVERY_MS);
  // a long jump only replays the last few sandboxes; each is logged at its own time
  for (let p = Math.max(firstPod, lastPod - 3); p <= lastPod; p++) {
    m.nowMs = p * POD_EVERY_MS;
    createPodSandbox(m);
  }
  m.nowMs = end;
}

/** Frees random pages of the churned types and allocates as many again through the buddy allocator. */
function churn(m: Machine): void {
  for (const zones of m.nodes) {
    const z = zones[zones.length - 1];
    if (!z) continue;
    for (let n = 0; n < OPS_PER_STEP; n++) {
      const kinds = CHURN[m.preset];
      const state = kinds[m.rng.int(0, kinds.length - 1)] ?? Page.Anon;
      const victim = findPage(m, z, state);
      if (victim >= 0) z.freePage(victim);
      if (!watermarkOk(z, 0, z.wm.min, 0, m.era.modern)) continue;
      if (allocPages(z, 0, MT_OF[state] ?? Mt.Movable, state, m.rng.int(0, z.length - 1)) >= 0) {
        m.events.add(`pgalloc_${z.geo.name.toLowerCase()}`);
      }
      m.events.add('pgfree');
    }
  }
}

/** A random page in `state`, probing a few random places; -1 when none was hit. */
function findPage(m: Machine, z: Zone, state: number): number {
  for (let t = 0; t < 64; t++) {
    const i = m.rng.int(0, z.length - 1);
    if (((z.pages[i] ?? 0) & 15) === state) return i;
  }
  return -1;
}

/**
 * The node's high-order GFP_KERNEL allocation (runc setting up a netns: order 6 on 3.10 via
 * memcg_alloc_cache_params, order 4 on 6.x). It walks the zonelist Normal -> DMA32 with lowmem_reserve;
 * when no zone passes the watermark check it logs a rate-limited `page allocation failure` report.
 */
function createPodSandbox(m: Machine): void {
  const order = m.failOrder;
  for (const zones of m.nodes) {
    for (const z of [...zones].reverse()) {
      if (z.geo.name === 'DMA') continue;
      const reserve = z.wm.protection[zoneIndex('Normal')] ?? 0;
      if (!watermarkOk(z, order, z.wm.min, reserve, m.era.modern)) continue;
      const i = allocPages(z, order, Mt.Unmovable, Page.Kernel);
      if (i < 0) continue;
      for (let p = i; p < i + (1 << order); p++) z.freePage(p);
      return;
    }
  }
  m.events.add('allocstall_normal');
  // direct compaction only runs where `compaction_suitable` sees room: low watermark + compact_gap
  const room = m.nodes.flat().some((z) => z.freePages > z.wm.low + (2 << order));
  if (room) {
    m.events.add('compact_stall');
    m.events.add('compact_fail');
  }
  const now = uptimeMs(m);
  if (now - m.lastWarnMs < WARN_INTERVAL_MS) {
    m.suppressed++;
    return;
  }
  const lines = m.suppressed ? [`warn_alloc: ${m.suppressed} callbacks suppressed`] : [];
  m.suppressed = 0;
  m.lastWarnMs = now;
  m.log.add(now, [...lines, ...failureReport(m, order, m.nextPid++)]);
}

/** Runs the sandbox allocation once at creation so an aged node's log already shows its state. */
export function initialWorkload(m: Machine): void {
  createPodSandbox(m);
}
