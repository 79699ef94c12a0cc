import type { Era } from './era';
import type { Events } from './events';
import { memStats } from './memStats';
import { statValue } from './renderZoneinfo';
import { EL7_EVENTS, EL7_STATS, MODERN_EVENTS, MODERN_STATS } from './statNames';
import type { Zone } from './zone';

/** /proc/vmstat: `name value` lines, gauges from the page counts, events from the counters. */
export function renderVmstat(nodes: Zone[][], era: Era, ev: Events): string {
  const zones = nodes.flat();
  const s = memStats(zones);
  const dirtyLimit = Math.floor(((s.free + s.file) * 20) / 100);
  const extra: Record<string, number> = {
    nr_free_pages_blocks: zones.reduce((a, z) => a + statValue('nr_free_pages_blocks', s, z), 0),
    nr_dirty_threshold: dirtyLimit,
    nr_dirty_background_threshold: Math.floor(dirtyLimit / 2),
    allocstall: ev.get('allocstall_normal'),
  };
  const stats = era.modern ? MODERN_STATS : EL7_STATS;
  const events = era.modern ? MODERN_EVENTS : EL7_EVENTS;
  let out = '';
  for (const n of stats) out += `${n} ${extra[n] ?? statValue(n, s)}\n`;
  for (const n of events) out += `${n} ${extra[n] ?? ev.get(n)}\n`;
  return out;
}
