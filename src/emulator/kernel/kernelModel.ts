import { compactZone, countCompaction } from './compaction';
import { applyDropCaches } from './dropCaches';
import { buildMachine, type Machine } from './machine';
import { renderFiles } from './renderFiles';
import type { KernelModel, KernelSpec, WriteResult } from './types';
import { advanceWorkload, initialWorkload } from './workload';

const DROP_CACHES = 'proc/sys/vm/drop_caches';
const COMPACT_MEMORY = 'proc/sys/vm/compact_memory';
const NODE_COMPACT = /^sys\/devices\/system\/node\/node(\d+)\/compact$/;
const EINVAL = 'write error: Invalid argument';

/** Creates one emulated node's kernel; the page state is built lazily on first use. */
export function createKernel(spec: KernelSpec): KernelModel {
  let machine: Machine | undefined;
  const numa = Math.max(1, Math.min(8, Math.floor(spec.numaNodes ?? 1)));
  const m = (): Machine => {
    if (!machine) {
      machine = buildMachine(spec);
      initialWorkload(machine);
    }
    return machine;
  };
  const compact = (node?: number): { stallMs: number } => {
    const mm = m();
    let stallMs = 0;
    mm.nodes.forEach((zones, n) => {
      if (node !== undefined && node !== n) return;
      for (const z of zones) {
        const r = compactZone(z);
        countCompaction(mm.events, r);
        stallMs += r.stallMs;
      }
    });
    return { stallMs };
  };
  return {
    render: () => renderFiles(m()),
    controlFiles: () => [
      DROP_CACHES,
      COMPACT_MEMORY,
      ...Array.from({ length: numa }, (_, n) => `sys/devices/system/node/node${n}/compact`),
    ],
    write: (path, value) => writeControl(m(), path, value, compact),
    dropCaches: (mode) => applyDropCaches(m(), mode),
    compact,
    advance: (ms) => advanceWorkload(m(), ms),
    get nowMs() {
      return machine?.nowMs ?? 0;
    },
    get failOrder() {
      return spec.kernel === '3.10' ? 6 : 4;
    },
  };
}

/** Parses a sysctl integer the way `proc_dointvec` accepts it: optional sign, digits, trailing whitespace. */
function parseInteger(value: string): number | undefined {
  const t = /^\s*([+-]?\d+)\s*$/.exec(value);
  return t?.[1] === undefined ? undefined : Number(t[1]);
}

function writeControl(
  m: Machine,
  path: string,
  value: string,
  compact: (node?: number) => { stallMs: number },
): WriteResult {
  const n = parseInteger(value);
  if (path === DROP_CACHES) {
    if (n === undefined || n < 1 || n > 4) return { error: EINVAL };
    return applyDropCaches(m, n);
  }
  if (path === COMPACT_MEMORY) {
    // 6.x rejects anything but 1; 3.10 compacts on any integer written
    if (n === undefined || (m.era.modern && n !== 1)) return { error: EINVAL };
    return compact();
  }
  const node = NODE_COMPACT.exec(path);
  if (node && Number(node[1]) < m.nodes.length) return compact(Number(node[1]));
  return { error: `${path}: not a control file` };
}
