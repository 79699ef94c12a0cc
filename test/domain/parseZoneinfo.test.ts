import { describe, expect, it } from 'vitest';
import { parseZoneinfo } from '../../src/domain/parseZoneinfo';
import type { Parsed, ZoneWatermarks } from '../../src/domain/types';
import { loadSample } from '../fixtures/samples/loadSample';

function zones(p: Parsed<ZoneWatermarks[]>): ZoneWatermarks[] {
  if (!p.ok) throw new Error(`unexpected parse error: ${JSON.stringify(p.error)}`);
  return p.value;
}

function errorOf<T>(p: Parsed<T>) {
  if (p.ok) throw new Error('expected a parse error');
  return p.error;
}

// Synthetic, printed with the format strings of RHEL7 3.10.0-1160 zoneinfo_show_print (numbers made up):
// only populated zones, no boost, `scanned`, zone stats BEFORE `protection:`, pagesets with `high:  %i`.
const RHEL7 = `Node 0, zone      DMA
  pages free     3975
        min      5
        low      6
        high     7
        scanned  0
        spanned  4095
        present  3998
        managed  3977
    nr_free_pages 3975
    nr_alloc_batch 1
    nr_inactive_anon 0
        protection: (0, 2809, 15868, 15868)
  pagesets
    cpu: 0
              count: 0
              high:  0
              batch: 1
  vm stats threshold: 8
  all_unreclaimable: 1
  start_pfn:         1
  inactive_ratio:    1
Node 0, zone   Normal
  pages free     41321
        min      11158
        low      13947
        high     16737
        scanned  0
        spanned  3407872
        present  3407872
        managed  3335380
    nr_free_pages 41321
        protection: (0, 0, 0, 0)
  pagesets
    cpu: 0
              count: 155
              high:  186
              batch: 31
  vm stats threshold: 48
  all_unreclaimable: 0
  start_pfn:         1048576
  inactive_ratio:    11
`;

// Synthetic 6.x unpopulated zone: printed up to `protection:` only (zoneinfo_show_print returns early).
const UNPOPULATED = `Node 0, zone  Movable
  pages free     0
        boost    0
        min      0
        low      0
        high     0
        promo    0
        spanned  0
        present  0
        managed  0
        cma      0
        protection: (0, 0, 0, 0, 0)
`;

describe('parseZoneinfo', () => {
  it('reads the kernel 6.18 layout (B19: per-node stats first, boost and promo)', () => {
    expect(zones(parseZoneinfo(loadSample('B19-zoneinfo')))).toEqual([
      {
        node: 0,
        zone: 'DMA',
        free: 3840,
        boost: 0,
        min: 23,
        low: 28,
        high: 33,
        present: 3998,
        managed: 3840,
        protection: [0, 3018, 10698, 10698, 10698],
      },
      {
        node: 0,
        zone: 'DMA32',
        free: 772808,
        boost: 0,
        min: 4760,
        low: 5950,
        high: 7140,
        present: 782336,
        managed: 772808,
        protection: [0, 0, 7680, 7680, 7680],
      },
      {
        node: 0,
        zone: 'Normal',
        free: 35563,
        boost: 0,
        min: 12111,
        low: 15138,
        high: 18165,
        present: 5505024,
        managed: 1966080,
        protection: [0, 0, 0, 0, 0],
      },
    ]);
  });

  it('reads the 3.10 layout and ignores the pagesets `high:` (RHEL7 format)', () => {
    const z = zones(parseZoneinfo(RHEL7));
    expect(z).toHaveLength(2);
    expect(z[1]).toEqual({
      node: 0,
      zone: 'Normal',
      free: 41321,
      min: 11158,
      low: 13947,
      high: 16737,
      present: 3407872,
      managed: 3335380,
      protection: [0, 0, 0, 0],
    });
    expect(z[0]!.boost).toBeUndefined();
  });

  it('drops unpopulated zones, matching buddyinfo', () => {
    const text = `${loadSample('B19-zoneinfo')}\n${UNPOPULATED}`;
    expect(zones(parseZoneinfo(text)).map((z) => z.zone)).toEqual(['DMA', 'DMA32', 'Normal']);
  });

  it('reads several NUMA nodes', () => {
    const node1 = RHEL7.replaceAll('Node 0,', 'Node 1,');
    expect(zones(parseZoneinfo(RHEL7 + node1)).map((z) => `${z.node}/${z.zone}`)).toEqual([
      '0/DMA',
      '0/Normal',
      '1/DMA',
      '1/Normal',
    ]);
  });

  it('refuses a zone cut before its watermarks end, naming the zone line', () => {
    const cut = RHEL7.split('\n').slice(0, 25).join('\n');
    const e = errorOf(parseZoneinfo(cut));
    expect(e).toMatchObject({ line: 23 });
    expect(e.message).toContain('has no "low"');
  });

  it('refuses a kernel without `managed` rather than guessing', () => {
    const old = RHEL7.replace(/ {8}managed {2}\d+\n/g, '');
    expect(errorOf(parseZoneinfo(old)).message).toContain('has no "managed"');
  });

  it('names a garbled watermark value', () => {
    const e = errorOf(parseZoneinfo(RHEL7.replace('low      6', 'low      6x')));
    expect(e).toMatchObject({ line: 4, message: 'low must be a non-negative integer' });
  });

  it('names garbage lines and text before the first zone', () => {
    expect(errorOf(parseZoneinfo(RHEL7.replace('    nr_alloc_batch 1', '@@@ 1'))).line).toBe(11);
    expect(errorOf(parseZoneinfo(`hello\n${RHEL7}`)).line).toBe(1);
  });

  it('refuses a zone listed twice and text with no zone', () => {
    expect(errorOf(parseZoneinfo(RHEL7 + RHEL7)).line).toBe(43);
    expect(errorOf(parseZoneinfo('')).line).toBe(0);
  });
});
