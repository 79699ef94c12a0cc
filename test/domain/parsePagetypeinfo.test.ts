import { describe, expect, it } from 'vitest';
import { parsePagetypeinfo } from '../../src/domain/parsePagetypeinfo';
import type { Pagetypeinfo, Parsed } from '../../src/domain/types';
import { loadSample } from '../fixtures/samples/loadSample';

function value(p: Parsed<Pagetypeinfo>): Pagetypeinfo {
  if (!p.ok) throw new Error(`unexpected parse error: ${JSON.stringify(p.error)}`);
  return p.value;
}

function errorOf<T>(p: Parsed<T>) {
  if (p.ok) throw new Error('expected a parse error');
  return p.error;
}

const MODERN = ['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'CMA', 'Isolate'];

/** One node's block printed with the kernel's own formats (mm/vmstat.c pagetypeinfo_show, v6.12). */
function kernelNode(node: number, zones: string[], types: string[], count: (z: number, t: number) => string) {
  let s = 'Page block order: 9\nPages per block:  512\n\n';
  s += `${'Free pages count per migrate type at order'.padEnd(43)} `;
  for (let o = 0; o < 11; o++) s += `${String(o).padStart(6)} `;
  s += '\n';
  zones.forEach((zone, z) => {
    types.forEach((type, t) => {
      s += `Node ${String(node).padStart(4)}, zone ${zone.padStart(8)}, type ${type.padStart(12)} `;
      for (let o = 0; o < 11; o++) s += `${count(z, t).padStart(6)} `;
      s += '\n';
    });
  });
  s += `\n${'Number of blocks type '.padEnd(23)}`;
  for (const type of types) s += `${type.padStart(12)} `;
  s += '\n';
  zones.forEach((zone, z) => {
    s += `Node ${node}, zone ${zone.padStart(8)} `;
    types.forEach((_, t) => {
      s += `${String(100 * node + 10 * z + t).padStart(12)} `;
    });
    s += '\n';
  });
  return s;
}

describe('parsePagetypeinfo on public samples', () => {
  it('reads the kernel 6.18 file B19 (no CMA, Isolate present)', () => {
    const v = value(parsePagetypeinfo(loadSample('B19-pagetypeinfo')));
    expect(v.pageblockOrder).toBe(9);
    expect(v.pagesPerBlock).toBe(512);
    expect(v.migratetypes).toEqual(['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'Isolate']);
    expect(v.zones.map((z) => z.zone)).toEqual(['DMA', 'DMA32', 'Normal']);
    const normal = v.zones[2]!;
    expect(normal.free.Unmovable!.counts).toEqual([327, 53, 30, 22, 8, 1, 0, 0, 1, 0, 0]);
    expect(normal.free.Movable!.counts[10]).toBe(33);
    expect(normal.free.Movable!.atLeast.every((x) => !x)).toBe(true);
    expect(normal.blocks).toEqual({
      Unmovable: 55,
      Movable: 3747,
      Reclaimable: 38,
      HighAtomic: 0,
      Isolate: 0,
    });
  });

  it('keys the pre-4.4 migratetypes by name, not position (P01: Reserve, Reclaimable before Movable)', () => {
    const v = value(parsePagetypeinfo(loadSample('P01')));
    expect(v.migratetypes).toEqual(['Unmovable', 'Reclaimable', 'Movable', 'Reserve', 'Isolate']);
    const dma32 = v.zones.find((z) => z.zone === 'DMA32')!;
    expect(dma32.free.Movable!.counts).toEqual([169, 152, 113, 91, 77, 54, 39, 13, 6, 1, 452]);
    expect(dma32.free.Reserve!.counts[0]).toBe(1);
    expect(dma32.blocks).toEqual({ Unmovable: 41, Reclaimable: 6, Movable: 967, Reserve: 2, Isolate: 0 });
  });

  it('refuses the cut Raspberry Pi copy P02 at its short block-count line', () => {
    const e = errorOf(parsePagetypeinfo(loadSample('P02')));
    expect(e.line).toBe(11);
    expect(e.message).toContain('1 block counts, but the header has 6 types');
  });

  it('reads P02 with CMA and pageblock order 10 once its block counts are whole', () => {
    const whole = loadSample('P02').replace(
      'Node 0, zone Normal 1\n',
      'Node 0, zone Normal 1 200 3 0 16 0\n',
    );
    const v = value(parsePagetypeinfo(whole));
    expect(v.pageblockOrder).toBe(10);
    expect(v.pagesPerBlock).toBe(1024);
    expect(v.migratetypes).toEqual(MODERN);
    expect(v.zones[0]!.free.CMA!.counts[10]).toBe(15);
    expect(v.zones[0]!.blocks.CMA).toBe(16);
  });
});

describe('parsePagetypeinfo layouts', () => {
  it('reads per-node repeated headers and padded `Node    1,` free rows', () => {
    const text =
      kernelNode(0, ['DMA32', 'Normal'], MODERN, (z, t) => String(z + t)) +
      kernelNode(1, ['Normal'], MODERN, () => '7');
    const v = value(parsePagetypeinfo(text));
    expect(v.zones.map((z) => `${z.node}/${z.zone}`)).toEqual(['0/DMA32', '0/Normal', '1/Normal']);
    expect(v.zones[1]!.free.CMA!.counts[0]).toBe(5);
    expect(v.zones[2]!.free.Isolate!.counts).toEqual(Array(11).fill(7));
    expect(v.zones[2]!.blocks).toEqual({
      Unmovable: 100,
      Movable: 101,
      Reclaimable: 102,
      HighAtomic: 103,
      CMA: 104,
      Isolate: 105,
    });
  });

  it('marks `>100000` counts as at-least values', () => {
    const text = kernelNode(0, ['Normal'], MODERN, (_, t) => (t === 1 ? '>100000' : '0'));
    const movable = value(parsePagetypeinfo(text)).zones[0]!.free.Movable!;
    expect(movable.counts[0]).toBe(100000);
    expect(movable.atLeast).toEqual(Array(11).fill(true));
  });

  it('accepts the page_owner "Number of mixed blocks" section', () => {
    const mixed = `\n${'Number of mixed blocks '.padEnd(23)}${MODERN.map((t) => t.padStart(12)).join(' ')} \nNode 0, zone   Normal            1            2            0            0            0            0 \n`;
    const text = kernelNode(0, ['Normal'], MODERN, () => '1') + mixed;
    const v = value(parsePagetypeinfo(text));
    expect(v.zones).toHaveLength(1);
    expect(v.zones[0]!.blocks.Unmovable).toBe(0);
  });
});

describe('parsePagetypeinfo errors', () => {
  const good = kernelNode(0, ['DMA32', 'Normal'], MODERN, () => '3');
  const lines = good.split('\n');

  it('refuses a file cut before the block counts', () => {
    const cut = lines.slice(0, 16).join('\n');
    const e = errorOf(parsePagetypeinfo(cut));
    expect(e.message).toContain('looks cut');
  });

  it('refuses a zone without a block-count row, naming where the zone starts', () => {
    const cut = lines.slice(0, 19).join('\n');
    const e = errorOf(parsePagetypeinfo(cut));
    expect(e.message).toContain('zone Normal, node 0 has no block-count row');
    expect(e.line).toBe(11);
  });

  it('names a free row whose count is not a number', () => {
    const bad = good.replace('Movable      3      3', 'Movable      3     x3');
    const e = errorOf(parsePagetypeinfo(bad));
    expect(e.line).toBe(6);
    expect(e.message).toContain('"x3"');
  });

  it('names a free row with a missing order column', () => {
    const row = lines[6]!;
    const e = errorOf(parsePagetypeinfo(good.replace(row, row.replace(/\s+3 $/, ' '))));
    expect(e).toMatchObject({ line: 7, message: '10 counts, but the order header has 11' });
  });

  it('names a garbage line', () => {
    const e = errorOf(parsePagetypeinfo(good.replace('Pages per block:  512', 'cat: write error')));
    expect(e).toMatchObject({ line: 2, text: 'cat: write error' });
  });

  it('refuses a zone whose free rows miss a migratetype of the header', () => {
    const e = errorOf(parsePagetypeinfo(good.replace(`${lines[8]!}\n`, '')));
    expect(e).toMatchObject({ line: 5, message: 'zone DMA32, node 0 has no free row for CMA' });
  });

  it('refuses pages per block that are not 2^order', () => {
    expect(
      errorOf(parsePagetypeinfo(good.replace('Pages per block:  512', 'Pages per block:  500'))).message,
    ).toContain('not 2^9');
  });

  it('refuses nodes that disagree on the page block order', () => {
    const second = kernelNode(1, ['Normal'], MODERN, () => '1').replace('order: 9', 'order: 10');
    expect(errorOf(parsePagetypeinfo(good + second)).message).toContain('differs');
  });

  it('refuses text that is not pagetypeinfo', () => {
    expect(errorOf(parsePagetypeinfo(loadSample('B01'))).message).toBe(
      'count row outside a "Number of ..." section',
    );
    expect(errorOf(parsePagetypeinfo('')).line).toBe(0);
  });
});
