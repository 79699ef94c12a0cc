import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/domain/evaluate';
import { parseRules } from '../../src/domain/rules';
import type {
  AllocationFailure,
  Evidence,
  KernelLogFindings,
  PagetypeZone,
  ZoneFree,
} from '../../src/domain/types';
import {
  B01,
  B02,
  B02_KERNEL,
  B03,
  B04,
  B09,
  B19,
  B19_BLOCKS,
  B19_ZONEINFO,
  evidenceOf,
  M01,
  M02,
} from './samples';

const kernlog = (failures: AllocationFailure[], freeLists: ZoneFree[] = []): KernelLogFindings => ({
  failures,
  freeLists,
  slubFailures: 0,
  conntrackFallbacks: 0,
  oomKills: 0,
});
const logEvidence = (k: KernelLogFindings): Evidence => ({
  source: 'kernel-log',
  buddyinfo: [],
  complete: true,
  problems: [],
  kernlog: k,
});
/** L07: CentOS 7 node, runc order-6 failure for nf_conntrack during netns creation. */
const L07: AllocationFailure = { comm: 'runc:[1:CHILD]', order: 6, mode: '0xc0d0', line: 1 };
const stages = (d: ReturnType<typeof evaluate>) =>
  d.plan.map((s) => (s.nodes ? `${s.kind}:${s.nodes.join(',')}` : s.kind));

describe('evaluate: the samples the sources judged', () => {
  it('calls B01 fragmented and critical: no free block of order >= 4 in Normal or DMA32', () => {
    const d = evaluate(evidenceOf(B01));
    expect([d.verdict, d.severity, d.targetOrder]).toEqual(['fragmented', 'critical', 4]);
    expect(d.worst).toEqual({ node: 0, zone: 'Normal' });
    expect(stages(d)).toEqual(['drop_caches', 'compact']);
    expect(d.reasons).toContain(
      'Normal zone on node 0: 100.0% of free memory is in blocks smaller than order 4 (unusable index 1.000), 0 free blocks of order >= 4: an order-4 allocation cannot be served from this zone now.',
    );
  });

  it("takes B01's target order from the runc failure in the log", () => {
    const d = evaluate(evidenceOf(B01, { kernel: '3.10.0-1160.49.1.el7.x86_64', kernlog: kernlog([L07]) }));
    expect([d.verdict, d.targetOrder]).toEqual(['fragmented', 6]);
    expect(d.allocationFailures).toEqual([L07]);
    expect(d.reasons[0]).toBe(
      'Target order 6 comes from the most recent allocation failure in the kernel log (runc:[1:CHILD], order 6, line 1).',
    );
  });

  it('calls B02 fragmented although its fragmentation index is -1.000 at every order', () => {
    const d = evaluate(evidenceOf(B02, { kernel: B02_KERNEL }));
    const normal = d.zones.find((z) => z.zone === 'Normal')!;
    expect(normal.fragmentationIndex.every((v) => v === -1000)).toBe(true);
    expect([d.verdict, d.severity]).toEqual(['fragmented', 'high']);
    expect(d.worst).toEqual({ node: 0, zone: 'Normal' });
    expect(d.reasons).toContain(
      'Normal zone on node 0: 99.6% of free memory is in blocks smaller than order 4 (unusable index 0.996), 1 free block of order >= 4, enough for 64 order-4 allocations.',
    );
    expect(d.reasons.some((r) => r.includes('-1.000 only because 1 free block of order >= 4 exists'))).toBe(
      true,
    );
  });

  it('finds B03 (after drop_caches) fine at order 4 but still fragmented at orders 7 and up', () => {
    expect(evaluate(evidenceOf(B03)).verdict).toBe('healthy');
    for (const targetOrder of [7, 8, 9, 10]) {
      const d = evaluate(evidenceOf(B03), parseRules({ targetOrder }));
      expect([targetOrder, d.verdict]).toEqual([targetOrder, 'fragmented']);
      expect(stages(d)).toEqual(['drop_caches', 'compact']);
    }
  });

  it('finds B04 (after compaction) healthy at orders 4 and 7 with an empty plan', () => {
    for (const targetOrder of [4, 7]) {
      const d = evaluate(evidenceOf(B04), parseRules({ targetOrder }));
      expect([d.verdict, d.severity, d.plan]).toEqual(['healthy', 'none', []]);
    }
  });

  it('finds both NUMA nodes of B09 healthy', () => {
    const d = evaluate(evidenceOf(B09));
    expect(d.verdict).toBe('healthy');
    expect(d.zones.map((z) => `${z.node}/${z.zone}`)).toEqual(['0/DMA', '0/DMA32', '0/Normal', '1/Normal']);
    expect(d.plan).toEqual([]);
  });

  it('reads M02 from Mem-Info free lists: plenty of order-10 blocks is not fragmentation', () => {
    const d = evaluate(logEvidence(kernlog([], M02)));
    expect(d.verdict).toBe('healthy');
    expect(d.zones).toHaveLength(4);
    expect(d.reasons.some((r) => r.includes("kernel log's Mem-Info"))).toBe(true);
  });

  it('calls M01 fragmented at the failing order 2, counting the large arm64 DMA zone', () => {
    const d = evaluate(
      logEvidence(kernlog([{ comm: 'sManagerService', order: 2, mode: '0x2000d1', line: 1 }], M01)),
    );
    expect([d.verdict, d.targetOrder, d.worst]).toEqual(['fragmented', 2, { node: 0, zone: 'DMA' }]);
  });

  it('finds B19 healthy: Normal is above its watermarks and DMA32 is nearly all free', () => {
    const d = evaluate(evidenceOf(B19, { zoneinfo: B19_ZONEINFO, kernel: '6.18.0' }));
    expect(d.verdict).toBe('healthy');
    expect(d.zones.find((z) => z.zone === 'Normal')!.watermarkOk).toBe(true);
  });
});

describe('evaluate: low memory', () => {
  const tiny = [
    { node: 0, zone: 'DMA32', free: [300, 100, 20, 5, 1, 0, 0, 0, 0, 0, 0] },
    { node: 0, zone: 'Normal', free: [2000, 500, 100, 40, 10, 2, 0, 0, 0, 0, 0] },
  ];

  it('calls zones below the watermarks low-memory and never plans compaction', () => {
    const d = evaluate(evidenceOf(tiny, { zoneinfo: B19_ZONEINFO }));
    expect([d.verdict, d.severity]).toEqual(['low-memory', 'high']);
    expect(stages(d)).toEqual(['drop_caches']);
    expect(d.reasons.some((r) => r.startsWith('Compaction is not planned: memory is exhausted'))).toBe(true);
    expect(
      d.reasons.some((r) => r.includes('leave no room above the watermarks (min 12111, low 15138)')),
    ).toBe(true);
  });

  it('calls a host with almost no MemAvailable low-memory even with fragmented free lists', () => {
    const meminfo = {
      MemTotal: 16_000_000,
      MemAvailable: 200_000,
      Cached: 120_000,
      Shmem: 100_000,
      SReclaimable: 20_000,
    };
    const d = evaluate(evidenceOf(B01, { meminfo }));
    expect(d.verdict).toBe('low-memory');
    expect(d.plan).toEqual([]);
    expect(d.reasons.some((r) => r.startsWith('drop_caches is not planned: only 39 MiB'))).toBe(true);
  });

  it('calls an order-0 failure seen with its own free lists exhaustion, critical', () => {
    const d = evaluate(logEvidence(kernlog([{ comm: 'java', order: 0, mode: '0x2084120', line: 1 }], tiny)));
    expect([d.verdict, d.severity, d.targetOrder]).toEqual(['low-memory', 'critical', 4]);
    expect(stages(d)).toEqual(['drop_caches']);
  });

  it('judges a zone short without zoneinfo when little is free and most of it is usable', () => {
    const d = evaluate(evidenceOf([{ node: 0, zone: 'Normal', free: [2, 1, 0, 0, 50, 0, 0, 0, 0, 0, 0] }]));
    expect(d.verdict).toBe('low-memory');
  });
});

describe('evaluate: unmovable fragmentation', () => {
  const blocks = (node: number, zone: string, b: Record<string, number>): PagetypeZone => ({
    node,
    zone,
    free: {},
    blocks: b,
  });
  const pagetypeinfo = (zones: PagetypeZone[]) => ({
    pageblockOrder: 9,
    pagesPerBlock: 512,
    migratetypes: ['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic'],
    zones,
  });

  it('refuses compaction when unmovable and reclaimable pageblocks dominate', () => {
    const d = evaluate(
      evidenceOf(B01, {
        pagetypeinfo: pagetypeinfo([
          blocks(0, 'DMA32', { Unmovable: 900, Movable: 500, Reclaimable: 100, HighAtomic: 0 }),
          blocks(0, 'Normal', { Unmovable: 2500, Movable: 1200, Reclaimable: 600, HighAtomic: 0 }),
        ]),
      }),
    );
    expect([d.verdict, d.severity]).toEqual(['unmovable', 'high']);
    expect(stages(d)).toEqual(['drop_caches']);
    expect(d.reasons).toContain(
      'Normal zone on node 0: 72.0% of pageblocks are Unmovable or Reclaimable; compaction moves only movable pages into movable pageblocks, so it cannot fix this zone.',
    );
  });

  it('still compacts when B19-like pagetypeinfo shows mostly movable pageblocks', () => {
    const pt = pagetypeinfo([blocks(0, 'DMA32', B19_BLOCKS.DMA32!), blocks(0, 'Normal', B19_BLOCKS.Normal!)]);
    expect(stages(evaluate(evidenceOf(B01, { pagetypeinfo: pt })))).toEqual(['drop_caches', 'compact']);
  });
});

describe('evaluate: per NUMA node plans', () => {
  const nodeOneFragmented = [...B09.slice(0, 3), { node: 1, zone: 'Normal', free: B01[2]!.free }];

  it('compacts only the fragmented node when the other is healthy', () => {
    const d = evaluate(evidenceOf(nodeOneFragmented, { numaNodes: [0, 1] }));
    expect(d.verdict).toBe('fragmented');
    expect(d.worst).toEqual({ node: 1, zone: 'Normal' });
    expect(stages(d)).toEqual(['drop_caches', 'compact:1']);
  });

  it('compacts globally when every node is fragmented', () => {
    const both = [...B01, { node: 1, zone: 'Normal', free: B01[2]!.free }];
    expect(stages(evaluate(evidenceOf(both)))).toEqual(['drop_caches', 'compact']);
  });

  it('skips drop_caches when meminfo shows little cache to gain', () => {
    const meminfo = {
      MemTotal: 16_000_000,
      MemAvailable: 4_000_000,
      Cached: 40_000,
      Shmem: 10_000,
      SReclaimable: 5_000,
    };
    expect(stages(evaluate(evidenceOf(nodeOneFragmented, { meminfo })))).toEqual(['compact:1']);
  });

  it('plans drop_caches when meminfo shows enough reclaimable cache', () => {
    const meminfo = {
      MemTotal: 16_000_000,
      MemAvailable: 4_000_000,
      Cached: 3_000_000,
      Shmem: 10_000,
      SReclaimable: 5_000,
    };
    const d = evaluate(evidenceOf(nodeOneFragmented, { meminfo }));
    expect(stages(d)).toEqual(['drop_caches', 'compact:1']);
    expect(d.plan[0]!.why).toMatch(/^2924 MiB of page cache/); // (3000000 - 10000 + 5000) kB;
  });
});

describe('evaluate: kernel version', () => {
  it('applies the 3.10 watermark algorithm: enough blocks, yet order 4 fails the reserve test', () => {
    const rows = [{ node: 0, zone: 'Normal', free: [200000, 0, 0, 0, 200, 0, 0, 0, 0, 0, 0] }];
    const zoneinfo = [
      { node: 0, zone: 'Normal', free: 203200, min: 20000, low: 25000, high: 30000, managed: 4_000_000 },
    ];
    const old = evaluate(evidenceOf(rows, { zoneinfo, kernel: '3.10.0-1160.el7.x86_64' }));
    const modern = evaluate(evidenceOf(rows, { zoneinfo, kernel: '5.4.119' }));
    expect([old.verdict, old.zones[0]!.watermarkOk]).toEqual(['fragmented', false]);
    expect([modern.verdict, modern.zones[0]!.watermarkOk]).toEqual(['healthy', true]);
  });
});

describe('evaluate: untrusted evidence', () => {
  it('says unknown for cut evidence and plans nothing, even when it looks fragmented', () => {
    const d = evaluate({ ...evidenceOf(B01), complete: false });
    expect([d.verdict, d.plan]).toEqual(['unknown', []]);
    expect(d.reasons[0]).toBe(
      'The evidence is incomplete (cut or partial); it must not drive a remediation.',
    );
    expect(d.zones).toHaveLength(3);
  });

  it('says unknown when the evidence reports problems', () => {
    const d = evaluate({ ...evidenceOf(B01), problems: ['buddyinfo is 3 hours older than the report'] });
    expect(d.verdict).toBe('unknown');
    expect(d.reasons).toContain('Evidence problem: buddyinfo is 3 hours older than the report');
  });

  it('says unknown without free lists, with mixed row widths, or duplicate zones', () => {
    expect(evaluate(evidenceOf([])).verdict).toBe('unknown');
    const mixed = evaluate(evidenceOf([B01[1]!, { ...B01[2]!, free: [1, 2, 3] }]));
    expect([mixed.verdict, mixed.zones]).toEqual(['unknown', []]);
    expect(evaluate(evidenceOf([B01[2]!, B01[2]!])).verdict).toBe('unknown');
  });

  it('says unknown when the target order is beyond the largest block order', () => {
    const d = evaluate(evidenceOf(B09), parseRules({ targetOrder: 11 }));
    expect(d.verdict).toBe('unknown');
    expect(d.reasons[0]).toMatch(/^Order 11 is above the largest block order \(10\)/);
  });

  it('says unknown when no zone that counts is present', () => {
    expect(evaluate(evidenceOf([B01[0]!])).verdict).toBe('unknown');
  });
});

describe('evaluate: what the kernel itself would do', () => {
  it("reports when the kernel's fragmentation index is at or below extfrag_threshold", () => {
    // 1000 free order-3 blocks: order 4 fragindex = 1000 - (1000 + 8000 * 1000 / 16) / 1000 = 499.
    const d = evaluate(evidenceOf([{ node: 0, zone: 'Normal', free: [0, 0, 0, 1000, 0, 0, 0, 0, 0, 0, 0] }]));
    expect(d.verdict).toBe('fragmented');
    expect(d.reasons).toContain(
      "Normal zone on node 0: the kernel's fragmentation index at order 4 is 0.499 (<= extfrag_threshold 0.500), so the kernel itself treats a failure there as lack of memory and reclaims instead of compacting.",
    );
  });

  it("prefers the failing task's allowed node for the worst zone", () => {
    const both = [...B01, { node: 1, zone: 'Normal', free: B01[2]!.free }];
    const failure = { ...L07, order: 4, memsAllowed: '1' };
    expect(evaluate(evidenceOf(both, { kernlog: kernlog([failure]) })).worst).toEqual({
      node: 1,
      zone: 'Normal',
    });
    expect(evaluate(evidenceOf(both)).worst).toEqual({ node: 0, zone: 'Normal' });
  });
});
