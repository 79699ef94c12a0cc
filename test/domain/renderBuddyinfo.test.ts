import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBuddyinfo } from '../../src/domain/parseBuddyinfo';
import { renderBuddyinfo } from '../../src/domain/renderBuddyinfo';
import type { ZoneFree } from '../../src/domain/types';
import { loadSample } from '../fixtures/samples/loadSample';

const ZONE_NAMES = ['DMA', 'DMA32', 'Normal', 'HighMem', 'Movable', 'Device'];

describe('renderBuddyinfo', () => {
  it.each(['B19-buddyinfo', 'B20-buddyinfo'])('reproduces the kernel 6.18 file %s byte for byte', (id) => {
    const text = loadSample(id);
    const parsed = parseBuddyinfo(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(renderBuddyinfo(parsed.value)).toBe(text);
  });

  it('uses the kernel format: `Node %d, zone %8s ` then `%6lu ` per order', () => {
    const row: ZoneFree = { node: 1, zone: 'Normal', free: [0, 1, 22, 333, 4444, 55555, 666666, 7777777, 0] };
    expect(renderBuddyinfo([row])).toBe(
      'Node 1, zone   Normal      0      1     22    333   4444  55555 666666 7777777      0 \n',
    );
  });

  it('renders nothing for no rows', () => {
    expect(renderBuddyinfo([])).toBe('');
  });

  it('round-trips through parseBuddyinfo for any node ids, zones, 9..14 orders and counts up to 1e8', () => {
    const table = fc.integer({ min: 9, max: 14 }).chain((orders) =>
      fc.uniqueArray(
        fc.record({
          node: fc.integer({ min: 0, max: 1023 }),
          zone: fc.constantFrom(...ZONE_NAMES),
          free: fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: orders, maxLength: orders }),
        }),
        { minLength: 1, maxLength: 12, selector: (z) => `${z.node}/${z.zone}` },
      ),
    );
    fc.assert(
      fc.property(table, (zones) => {
        expect(parseBuddyinfo(renderBuddyinfo(zones))).toEqual({ ok: true, value: zones });
      }),
      { numRuns: 300 },
    );
  });
});
