import { describe, expect, it } from 'vitest';
import { classifyEffect, effect } from '../../src/domain/effect';
import { evaluate } from '../../src/domain/evaluate';
import { parseRules } from '../../src/domain/rules';
import type { Diagnosis } from '../../src/domain/types';
import { B02, B03, B04, evidenceOf } from './samples';

const at = (rows: typeof B02, targetOrder: number) => evaluate(evidenceOf(rows), parseRules({ targetOrder }));
const fragmented = (d: Diagnosis): Diagnosis => ({ ...d, verdict: 'fragmented' });

describe('effect', () => {
  it('reports B02 -> B03 (drop_caches) as resolved at order 4', () => {
    const e = effect(at(B02, 4), at(B03, 4));
    expect(e.outcome).toBe('resolved');
    const normal = e.zones.find((z) => z.zone === 'Normal')!;
    expect(normal.freePagesAtOrAbove).toEqual({ before: 1024, after: 4338 * 16 + 140 * 32 + 6 * 64 + 1024 });
    expect(normal.unusableIndex).toEqual({ before: 996, after: 968 });
    expect(e.verdict).toEqual({ before: 'fragmented', after: 'healthy' });
  });

  it('reports B02 -> B03 as improved but not resolved at order 7', () => {
    const e = effect(at(B02, 7), at(B03, 7));
    // DMA32 23*128 + 3*256 -> 32*128 + 4*256; Normal keeps its one order-10 block (1024 pages).
    expect(e.total.freePagesAtOrAbove).toEqual({ before: 3712 + 1024, after: 5120 + 1024 });
    expect([e.outcome, e.verdict.after]).toEqual(['improved', 'fragmented']);
    expect(e.summary).toBe(
      'improved: free pages in blocks of order >= 7 4736 -> 6144; verdict fragmented -> fragmented.',
    );
  });

  it('reports B03 -> B04 (compaction) as resolved at order 7', () => {
    expect(effect(at(B03, 7), at(B04, 7)).outcome).toBe('resolved');
  });

  it('uses the before-diagnosis target order unless told otherwise', () => {
    expect(effect(at(B02, 7), at(B03, 4)).targetOrder).toBe(7);
    expect(effect(at(B02, 7), at(B03, 4), { targetOrder: 5 }).targetOrder).toBe(5);
  });

  it('calls an untrusted after-probe no-effect and not comparable', () => {
    const after = evaluate({ ...evidenceOf(B04), complete: false });
    const e = effect(at(B02, 4), after);
    expect([e.outcome, e.comparable]).toEqual(['no-effect', false]);
  });

  it('calls a fall in usable pages regressed', () => {
    const e = effect(at(B03, 7), fragmented(at(B02, 7)));
    expect(e.outcome).toBe('regressed');
  });
});

describe('classifyEffect', () => {
  // reference §7: order >= 9 pages in Normal after fragmenting, after one compaction, after four more.
  const first = { before: 1 * 512 + 1069 * 1024, after: 8 * 512 + 1252 * 1024 };
  const repeat = { before: first.after, after: first.after };
  const d = fragmented(at(B02, 9));

  it('calls a partial compaction improved and a repeat that changes nothing no-effect', () => {
    expect(classifyEffect(d, first)).toBe('improved');
    expect(classifyEffect(d, repeat)).toBe('no-effect');
  });

  it('ignores changes below the threshold', () => {
    expect(classifyEffect(d, { before: 1000, after: 1099 })).toBe('no-effect');
    expect(classifyEffect(d, { before: 1000, after: 1112 })).toBe('improved');
    expect(classifyEffect(d, { before: 1000, after: 1112 }, 200)).toBe('no-effect');
    expect(classifyEffect(d, { before: 0, after: 16 })).toBe('improved');
  });
});

describe('effect on a few stray blocks', () => {
  it('calls a rise from nothing to fewer than four target-order blocks no-effect', () => {
    const none = { node: 0, zone: 'Normal', free: [500, 200, 100, 50, 0, 0, 0, 0, 0, 0, 0] };
    const three = { ...none, free: [500, 200, 100, 50, 3, 0, 0, 0, 0, 0, 0] };
    const ev = (z: typeof none) => ({
      source: 'buddyinfo' as const,
      buddyinfo: [z],
      complete: true,
      problems: [],
    });
    expect(effect(evaluate(ev(none)), evaluate(ev(three))).outcome).toBe('no-effect');
    const plenty = { ...none, free: [500, 200, 100, 50, 5, 0, 0, 0, 0, 0, 0] };
    expect(effect(evaluate(ev(none)), evaluate(ev(plenty))).outcome).toBe('improved');
  });
});
