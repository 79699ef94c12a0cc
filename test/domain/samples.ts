/**
 * Public samples from /work/shared/fixtures/public-samples.md as typed values (numbers copied verbatim;
 * each names its source), so the domain tests need no parser.
 */
import type { Evidence, ZoneFree, ZoneWatermarks } from '../../src/domain/types';

const row = (node: number, zone: string, free: number[]): ZoneFree => ({ node, zone, free });

/** B01: TKE node, pods stuck in ContainerCreating (imroc/kubernetes-practice-guide, memory-fragmentation.md). */
export const B01 = [
  row(0, 'DMA', [1, 0, 1, 0, 2, 1, 1, 0, 1, 1, 3]),
  row(0, 'DMA32', [2725, 624, 489, 178, 0, 0, 0, 0, 0, 0, 0]),
  row(0, 'Normal', [1163, 1101, 932, 222, 0, 0, 0, 0, 0, 0, 0]),
];

/** B02/B03/B04: one host before, after drop_caches, after compaction (huataihuang/cloud-atlas-draft). */
export const B02 = [
  row(0, 'DMA', [2, 2, 2, 1, 2, 1, 1, 0, 0, 0, 2]),
  row(0, 'DMA32', [32995, 4377, 762, 211, 157, 108, 68, 23, 3, 0, 0]),
  row(0, 'Normal', [127146, 68215, 1614, 0, 0, 0, 0, 0, 0, 0, 1]),
];
export const B03 = [
  row(0, 'DMA', [2, 2, 2, 1, 2, 1, 1, 0, 0, 0, 2]),
  row(0, 'DMA32', [76826, 65298, 43784, 20780, 5272, 616, 90, 32, 4, 0, 0]),
  row(0, 'Normal', [524538, 365499, 176074, 45644, 4338, 140, 6, 0, 0, 0, 1]),
];
export const B04 = [
  row(0, 'DMA', [2, 2, 2, 1, 2, 1, 1, 0, 0, 0, 2]),
  row(0, 'DMA32', [18217, 13464, 8621, 4666, 2654, 2087, 1609, 1040, 517, 130, 3]),
  row(0, 'Normal', [145048, 131183, 76864, 38454, 20405, 11854, 5149, 1143, 96, 3, 1]),
];
/** The kernel of B02-B04 (printed in that host's log): a pre-4.4 kernel. */
export const B02_KERNEL = '2.6.32-358.23.2.el5.x86_64';

/** B07: man-pages proc_buddyinfo(5) example (healthy). */
export const B07 = [
  row(0, 'DMA', [1, 1, 1, 0, 2, 1, 1, 0, 1, 1, 3]),
  row(0, 'DMA32', [65, 47, 4, 81, 52, 28, 13, 10, 5, 1, 404]),
  row(0, 'Normal', [216, 55, 189, 101, 84, 38, 37, 27, 5, 3, 587]),
];

/** B09: two NUMA nodes (insights-core buddyinfo parser docs; healthy). */
export const B09 = [
  row(0, 'DMA', [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2]),
  row(0, 'DMA32', [8, 10, 12, 9, 9, 11, 10, 12, 12, 11, 569]),
  row(0, 'Normal', [460, 485, 375, 1611, 3201, 2187, 1437, 844, 487, 247, 6120]),
  row(1, 'Normal', [1, 7, 1783, 2063, 1773, 3227, 2299, 1399, 729, 430, 6723]),
];

/** B19: 2-core x86_64 VM, kernel 6.18: buddyinfo with zoneinfo watermarks and pagetypeinfo block counts. */
export const B19 = [
  row(0, 'DMA', [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3]),
  row(0, 'DMA32', [2, 3, 0, 2, 3, 2, 1, 4, 4, 2, 752]),
  row(0, 'Normal', [328, 53, 30, 24, 8, 2, 1, 0, 1, 1, 33]),
];
export const B19_ZONEINFO: ZoneWatermarks[] = [
  {
    node: 0,
    zone: 'DMA',
    free: 3840,
    min: 23,
    low: 28,
    high: 33,
    managed: 3840,
    present: 3998,
    protection: [0, 3018, 10698, 10698, 10698],
  },
  {
    node: 0,
    zone: 'DMA32',
    free: 772808,
    min: 4760,
    low: 5950,
    high: 7140,
    managed: 772808,
    present: 782336,
    protection: [0, 0, 7680, 7680, 7680],
  },
  {
    node: 0,
    zone: 'Normal',
    free: 35563,
    min: 12111,
    low: 15138,
    high: 18165,
    managed: 1966080,
    present: 5505024,
    protection: [0, 0, 0, 0, 0],
  },
];
export const B19_BLOCKS: Record<string, Record<string, number>> = {
  DMA: { Unmovable: 1, Movable: 7, Reclaimable: 0, HighAtomic: 0, Isolate: 0 },
  DMA32: { Unmovable: 0, Movable: 1528, Reclaimable: 0, HighAtomic: 0, Isolate: 0 },
  Normal: { Unmovable: 55, Movable: 3747, Reclaimable: 38, HighAtomic: 0, Isolate: 0 },
};

/** B20: same VM, buddyinfo read back-to-back with the kernel's own debugfs extfrag files. */
export const B20 = [
  row(0, 'DMA', [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3]),
  row(0, 'DMA32', [395, 426, 519, 325, 193, 146, 94, 65, 52, 42, 686]),
  row(0, 'Normal', [3625, 1467, 2189, 1737, 1481, 4321, 3481, 2660, 1929, 1236, 2940]),
];
export const B20_UNUSABLE_INDEX =
  [
    'Node 0, zone      DMA 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.066 0.200 ',
    'Node 0, zone    DMA32 0.000 0.000 0.001 0.004 0.007 0.011 0.017 0.025 0.036 0.054 0.082 ',
    'Node 0, zone   Normal 0.000 0.000 0.001 0.003 0.005 0.010 0.039 0.084 0.154 0.255 0.384 ',
  ].join('\n') + '\n';
export const B20_EXTFRAG_INDEX =
  [
    'Node 0, zone      DMA -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 ',
    'Node 0, zone    DMA32 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 ',
    'Node 0, zone   Normal -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 ',
  ].join('\n') + '\n';

/** E01: a two-node machine's debugfs files (flamingbytes.com); whitespace as stored by the source. */
export const E01_UNUSABLE = {
  node0Normal: '0.000 0.007 0.020 0.045 0.096 0.192 0.342 0.552 0.803 1.000 1.000',
  node1Normal: '0.000 0.006 0.021 0.051 0.104 0.190 0.325 0.522 0.775 1.000 1.000',
};
export const E01_EXTFRAG_NODE0_NORMAL =
  '-1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 0.955 0.978';

/** E02: a healthy machine's extfrag_index (netdata/netdata#15001), kernel spacing and trailing spaces. */
export const E02_EXTFRAG_INDEX = B20_EXTFRAG_INDEX;

/** M01: Android arm64 4.1.18 Mem-Info free lists (linux-mm 2016-07-19); order-2 failure with 470 MB free. */
export const M01 = [
  row(0, 'DMA', [68324, 24706, 2, 0, 0, 0, 0, 0, 0, 0, 0]),
  row(0, 'Normal', [270, 82, 48, 25, 12, 2, 1, 0, 0, 0, 0]),
];

/** M02: HP DL380 Gen9, two nodes, 4.10 Mem-Info free lists (linux-mm 2017-03-01): plenty of order-10. */
export const M02 = [
  row(0, 'DMA', [1, 1, 0, 0, 2, 1, 1, 0, 1, 1, 3]),
  row(0, 'DMA32', [13, 10, 13, 11, 18, 9, 16, 12, 12, 10, 443]),
  row(0, 'Normal', [2765, 737, 145, 251, 626, 255, 46, 23, 15, 8, 3163]),
  row(1, 'Normal', [3422, 1039, 158, 852, 1125, 617, 329, 117, 18, 6, 3537]),
];

/** Complete, trusted buddyinfo evidence with optional extras. */
export function evidenceOf(rows: ZoneFree[], extra: Partial<Evidence> = {}): Evidence {
  return { source: 'buddyinfo', buddyinfo: rows, complete: true, problems: [], ...extra };
}
