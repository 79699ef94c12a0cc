/**
 * Zone rows -> `/proc/buddyinfo` text, byte for byte as the kernel prints it (mm/vmstat.c frag_show_print):
 * `Node %d, zone %8s ` then `%6lu ` per order, then a newline. Used by the emulator's simulated /proc tree.
 */
import type { ZoneFree } from './types';

/** Renders rows in the kernel's exact buddyinfo format (including the trailing space of each line). */
export function renderBuddyinfo(rows: readonly ZoneFree[]): string {
  let out = '';
  for (const row of rows) {
    out += `Node ${row.node}, zone ${row.zone.padStart(8)} `;
    for (const count of row.free) out += `${String(count).padStart(6)} `;
    out += '\n';
  }
  return out;
}
