import type { Era } from './era';
import { type MemStats, memStats } from './memStats';
import type { Zone } from './zone';

/** `show_val_kb`: the label padded to 16 columns, the value `%8lu`, then ` kB`. */
const line = (label: string, kb: number): string =>
  `${`${label}:`.padEnd(15)} ${String(kb).padStart(8)} kB\n`;

/** MemAvailable as `si_mem_available()` estimates it from free, file and reclaimable slab pages. */
function available(s: MemStats, lowSum: number): number {
  const file = s.file - Math.min(Math.floor(s.file / 2), lowSum);
  const slab = s.slabReclaimable - Math.min(Math.floor(s.slabReclaimable / 2), lowSum);
  return Math.max(0, s.free - lowSum + file + slab);
}

/** /proc/meminfo in the field order of the era (6.18 or RHEL7 3.10); no swap, no hugetlb pages. */
export function renderMeminfo(nodes: Zone[][], era: Era): string {
  const zones = nodes.flat();
  const s = memStats(zones);
  const k = (p: number): number => p * 4;
  const lowSum = zones.reduce((a, z) => a + z.wm.low, 0);
  const kernelKb = k(s.slabReclaimable + s.slabUnreclaimable);
  const direct4k = Math.floor((k(s.present) * 0.06) / 4) * 4;
  const rows: Array<[string, number] | string> = [
    ['MemTotal', k(s.managed)],
    ['MemFree', k(s.free)],
    ['MemAvailable', k(available(s, lowSum))],
    ['Buffers', k(s.buffers)],
    ['Cached', k(s.file - s.buffers)],
    ['SwapCached', 0],
    ['Active', k(s.activeAnon + s.activeFile)],
    ['Inactive', k(s.inactiveAnon + s.inactiveFile)],
    ['Active(anon)', k(s.activeAnon)],
    ['Inactive(anon)', k(s.inactiveAnon)],
    ['Active(file)', k(s.activeFile)],
    ['Inactive(file)', k(s.inactiveFile)],
    ['Unevictable', 0],
    ['Mlocked', 0],
    ['SwapTotal', 0],
    ['SwapFree', 0],
    ...(era.modern
      ? ([
          ['Zswap', 0],
          ['Zswapped', 0],
        ] as Array<[string, number]>)
      : []),
    ['Dirty', k(s.dirty)],
    ['Writeback', 0],
    ['AnonPages', k(s.anon)],
    ['Mapped', k(s.mapped)],
    ['Shmem', k(s.shmem)],
    ...(era.modern ? ([['KReclaimable', k(s.slabReclaimable)]] as Array<[string, number]>) : []),
    ['Slab', kernelKb],
    ['SReclaimable', k(s.slabReclaimable)],
    ['SUnreclaim', k(s.slabUnreclaimable)],
    ['KernelStack', k(s.kernelStackPages)],
    ['PageTables', k(s.pageTables)],
    ...(era.modern ? ([['SecPageTables', 0]] as Array<[string, number]>) : []),
    ['NFS_Unstable', 0],
    ['Bounce', 0],
    ['WritebackTmp', 0],
    ['CommitLimit', Math.floor(k(s.managed) / 2)],
    ['Committed_AS', Math.floor(k(s.anon) * 1.5)],
    ['VmallocTotal', 34359738367],
    ['VmallocUsed', 24576],
    ['VmallocChunk', 0],
    ...(era.modern ? ([['Percpu', 1216]] as Array<[string, number]>) : []),
    // printed with its own `%5lu` format in fs/proc/meminfo.c
    'HardwareCorrupted:     0 kB\n',
    ['AnonHugePages', 0],
    ...(era.modern
      ? ([
          ['ShmemHugePages', 0],
          ['ShmemPmdMapped', 0],
          ['FileHugePages', 0],
          ['FilePmdMapped', 0],
        ] as Array<[string, number]>)
      : ([
          ['CmaTotal', 0],
          ['CmaFree', 0],
        ] as Array<[string, number]>)),
    'HugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\nHugePages_Surp:        0\n',
    ['Hugepagesize', 2048],
    ...(era.modern ? ([['Hugetlb', 0]] as Array<[string, number]>) : []),
    ['DirectMap4k', direct4k],
    ['DirectMap2M', Math.ceil((k(s.present) - direct4k) / 2048) * 2048],
    ['DirectMap1G', 0],
  ];
  return rows.map((r) => (typeof r === 'string' ? r : line(r[0], r[1]))).join('');
}

/** /sys/devices/system/node/nodeN/meminfo (`node_read_meminfo`): `Node N ` prefixed rows. */
export function renderNodeMeminfo(zones: Zone[]): string {
  const s = memStats(zones);
  const node = zones[0]?.geo.node ?? 0;
  const k = (p: number): number => p * 4;
  const rows: Array<[string, number]> = [
    ['MemTotal', k(s.managed)],
    ['MemFree', k(s.free)],
    ['MemUsed', k(s.managed - s.free)],
    ['Active', k(s.activeAnon + s.activeFile)],
    ['Inactive', k(s.inactiveAnon + s.inactiveFile)],
    ['Active(anon)', k(s.activeAnon)],
    ['Inactive(anon)', k(s.inactiveAnon)],
    ['Active(file)', k(s.activeFile)],
    ['Inactive(file)', k(s.inactiveFile)],
    ['Dirty', k(s.dirty)],
    ['FilePages', k(s.file)],
    ['Mapped', k(s.mapped)],
    ['AnonPages', k(s.anon)],
    ['KernelStack', k(s.kernelStackPages)],
    ['PageTables', k(s.pageTables)],
    ['Slab', k(s.slabReclaimable + s.slabUnreclaimable)],
    ['SReclaimable', k(s.slabReclaimable)],
    ['SUnreclaim', k(s.slabUnreclaimable)],
  ];
  return rows.map(([l, v]) => `Node ${node} ${line(l, v)}`).join('');
}
