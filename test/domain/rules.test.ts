import { describe, expect, it } from 'vitest';
import { countsZone, defaultRules, parseRules } from '../../src/domain/rules';
import { parseNodeList, resolveTargetOrder } from '../../src/domain/targetOrder';
import type { AllocationFailure } from '../../src/domain/types';
import { InputError } from '../../src/errors';

const failure = (order: number, line: number, comm = 'runc:[1:CHILD]'): AllocationFailure => ({
  comm,
  order,
  mode: '0xc0d0',
  line,
});

describe('rules', () => {
  it('fills sensible defaults', () => {
    expect(defaultRules).toMatchObject({
      defaultOrder: 4,
      zones: ['Normal', 'DMA32'],
      fragmentedUnusableIndex: 500,
      minSuitableBlocks: 128,
      unmovableBlockShare: 500,
      extfragThreshold: 500,
      scoreOrder: 9,
    });
    expect(defaultRules.targetOrder).toBeUndefined();
  });

  it('accepts overrides and keeps the other defaults', () => {
    const rules = parseRules({ targetOrder: 6, zones: ['Normal'] });
    expect(rules.targetOrder).toBe(6);
    expect(rules.zones).toEqual(['Normal']);
    expect(rules.minSuitableBlocks).toBe(128);
  });

  it('rejects a bad field with an InputError naming it', () => {
    expect(() => parseRules({ fragmentedUnusableIndex: 1200 })).toThrow(InputError);
    try {
      parseRules({ zones: [] });
    } catch (e) {
      expect((e as InputError).field).toBe('zones');
    }
    expect(() => parseRules({ targetOrder: 2.5 })).toThrow(/targetOrder/);
  });

  it('counts a DMA zone only when it is larger than x86 ISA DMA', () => {
    expect(countsZone({ zone: 'DMA', free: [1, 0, 1, 0, 2, 1, 1, 0, 1, 1, 3] }, defaultRules)).toBe(false);
    expect(countsZone({ zone: 'DMA', free: [68324, 24706, 2] }, defaultRules)).toBe(true);
    expect(countsZone({ zone: 'Movable', free: [100000] }, defaultRules)).toBe(false);
    expect(countsZone({ zone: 'DMA32', free: [] }, defaultRules)).toBe(true);
  });
});

describe('resolveTargetOrder', () => {
  it('takes the configured order over the log', () => {
    expect(resolveTargetOrder(parseRules({ targetOrder: 9 }), [failure(6, 1)])).toMatchObject({
      order: 9,
      source: 'configured',
    });
  });

  it('takes the most recent failure above order 0 from the log', () => {
    const t = resolveTargetOrder(defaultRules, [failure(4, 3), failure(6, 10), failure(0, 20, 'java')]);
    expect(t).toMatchObject({ order: 6, source: 'log' });
    expect(t.failure?.line).toBe(10);
  });

  it('falls back to the default order when the log has only order-0 failures', () => {
    expect(resolveTargetOrder(defaultRules, [failure(0, 1)])).toEqual({ order: 4, source: 'default' });
  });
});

describe('parseNodeList', () => {
  it('expands mems_allowed lists and ignores garbage', () => {
    expect(parseNodeList('0')).toEqual([0]);
    expect(parseNodeList('0-2,5')).toEqual([0, 1, 2, 5]);
    expect(parseNodeList('(null)')).toEqual([]);
    expect(parseNodeList(undefined)).toEqual([]);
  });
});
