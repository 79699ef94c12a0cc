import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/domain/evaluate';
import type { Evidence } from '../../src/domain/types';

const ZONES = ['DMA', 'DMA32', 'Normal', 'Movable'];

/** Random evidence of the declared shape: rows of one width, optional zoneinfo, meminfo, log and pagetypeinfo. */
const evidence: fc.Arbitrary<Evidence> = fc.integer({ min: 9, max: 14 }).chain((width) =>
  fc
    .record({
      rows: fc.uniqueArray(
        fc.record({
          node: fc.nat({ max: 3 }),
          zone: fc.constantFrom(...ZONES),
          free: fc.array(fc.nat({ max: 3_000_000 }), { minLength: width, maxLength: width }),
        }),
        { selector: (r) => `${r.node}/${r.zone}`, maxLength: 8 },
      ),
      complete: fc.boolean(),
      problems: fc.array(fc.string(), { maxLength: 1 }),
      kernel: fc.option(fc.constantFrom('3.10.0-1160.el7.x86_64', '5.4.119', '6.18.0'), { nil: undefined }),
      wm: fc.option(fc.record({ min: fc.nat({ max: 100_000 }), gap: fc.nat({ max: 50_000 }) }), {
        nil: undefined,
      }),
      meminfo: fc.option(
        fc.record({
          MemTotal: fc.nat({ max: 1e9 }),
          MemAvailable: fc.nat({ max: 1e9 }),
          Cached: fc.nat({ max: 1e9 }),
        }),
        {
          nil: undefined,
        },
      ),
      failures: fc.array(
        fc.record({
          comm: fc.constant('x'),
          order: fc.nat({ max: 14 }),
          mode: fc.constant('0xd0'),
          line: fc.nat(),
        }),
        { maxLength: 3 },
      ),
      unmovable: fc.option(fc.nat({ max: 5000 }), { nil: undefined }),
    })
    .map((g): Evidence => {
      const e: Evidence = {
        source: 'probe-report',
        buddyinfo: g.rows,
        complete: g.complete,
        problems: g.problems,
      };
      if (g.kernel) e.kernel = g.kernel;
      if (g.meminfo) e.meminfo = g.meminfo;
      e.kernlog = {
        failures: g.failures,
        freeLists: [],
        slubFailures: 0,
        conntrackFallbacks: 0,
        oomKills: 0,
      };
      if (g.wm) {
        const { min, gap } = g.wm;
        e.zoneinfo = g.rows.map((r) => ({
          node: r.node,
          zone: r.zone,
          free: 0,
          min,
          low: min + gap,
          high: min + 2 * gap,
          managed: 1e7,
        }));
      }
      if (g.unmovable !== undefined) {
        const blocks = { Unmovable: g.unmovable, Movable: 2000, Reclaimable: 100 };
        const zones = g.rows.map((r) => ({ node: r.node, zone: r.zone, free: {}, blocks }));
        e.pagetypeinfo = { pageblockOrder: 9, pagesPerBlock: 512, migratetypes: Object.keys(blocks), zones };
      }
      return e;
    }),
);

describe('evaluate (properties)', () => {
  it('never throws and keeps its promises on random valid evidence', () => {
    fc.assert(
      fc.property(evidence, (e) => {
        const d = evaluate(e);
        const kinds = d.plan.map((s) => s.kind);
        expect(['healthy', 'fragmented', 'low-memory', 'unmovable', 'unknown']).toContain(d.verdict);
        // untrusted evidence never drives a remediation
        if (!e.complete || e.problems.length > 0) expect(d.verdict).toBe('unknown');
        if (d.verdict === 'unknown' || d.verdict === 'healthy') expect(d.plan).toEqual([]);
        // compaction only for movable fragmentation, and never before drop_caches
        if (d.verdict !== 'fragmented') expect(kinds).not.toContain('compact');
        if (kinds.length === 2) expect(kinds).toEqual(['drop_caches', 'compact']);
        expect(d.reasons.length).toBeGreaterThan(0);
        for (const z of d.zones) {
          expect(z.unusableIndex.every((v) => v >= 0 && v <= 1000)).toBe(true);
          expect(z.score).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
