/** The two remediation writes, done directly by the tests to measure the fragmenter's states. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/** Writes `mode` to drop_caches (after `sync` when asked); returns the ms the write stalled. */
export function dropCaches(mode: 1 | 2 | 3, sync = false): number {
  if (sync) execFileSync('sync');
  const t0 = performance.now();
  writeFileSync('/proc/sys/vm/drop_caches', String(mode));
  return performance.now() - t0;
}

/** One manual compaction of every zone (`compact_memory`); returns the ms the write stalled. */
export function compactMemory(): number {
  const t0 = performance.now();
  writeFileSync('/proc/sys/vm/compact_memory', '1');
  return performance.now() - t0;
}
