import { describe, expect, it } from 'vitest';
import { parseBuddyinfo } from '../../src/domain/parseBuddyinfo';
import type { Parsed, ZoneFree } from '../../src/domain/types';
import { loadSample } from '../fixtures/samples/loadSample';

function rows(p: Parsed<ZoneFree[]>): ZoneFree[] {
  if (!p.ok) throw new Error(`unexpected parse error: ${JSON.stringify(p.error)}`);
  return p.value;
}

function errorOf<T>(p: Parsed<T>) {
  if (p.ok) throw new Error('expected a parse error');
  return p.error;
}

describe('parseBuddyinfo on public samples', () => {
  it.each([
    ['B01', 3],
    ['B02', 3],
    ['B03', 3],
    ['B04', 3],
    ['B07', 3],
    ['B09', 4],
    ['B19-buddyinfo', 3],
    ['B20-buddyinfo', 3],
  ])('reads %s as %i zones of 11 orders', (id, zones) => {
    const r = rows(parseBuddyinfo(loadSample(id)));
    expect(r).toHaveLength(zones);
    for (const z of r) expect(z.free).toHaveLength(11);
  });

  it('reads the TKE sample B01 exactly', () => {
    expect(rows(parseBuddyinfo(loadSample('B01')))).toEqual([
      { node: 0, zone: 'DMA', free: [1, 0, 1, 0, 2, 1, 1, 0, 1, 1, 3] },
      { node: 0, zone: 'DMA32', free: [2725, 624, 489, 178, 0, 0, 0, 0, 0, 0, 0] },
      { node: 0, zone: 'Normal', free: [1163, 1101, 932, 222, 0, 0, 0, 0, 0, 0, 0] },
    ]);
  });

  it('reads six-digit counts that fill the %6lu field (B03)', () => {
    const normal = rows(parseBuddyinfo(loadSample('B03')))[2]!;
    expect(normal.free.slice(0, 3)).toEqual([524538, 365499, 176074]);
    expect(normal.free[10]).toBe(1);
  });

  it('keeps NUMA nodes apart (B09: node 1 has only Normal)', () => {
    const r = rows(parseBuddyinfo(loadSample('B09')));
    expect(r.map((z) => `${z.node}/${z.zone}`)).toEqual(['0/DMA', '0/DMA32', '0/Normal', '1/Normal']);
    expect(r[3]!.free[10]).toBe(6723);
  });

  it('reads the kernel 6.18 rows with their trailing spaces (B19)', () => {
    expect(rows(parseBuddyinfo(loadSample('B19-buddyinfo')))[2]).toEqual({
      node: 0,
      zone: 'Normal',
      free: [328, 53, 30, 24, 8, 2, 1, 0, 1, 1, 33],
    });
  });

  it('rejects debugfs index files at their first line (B20, E01, E02)', () => {
    for (const id of ['B20-unusable_index', 'B20-extfrag_index', 'E01-unusable_index', 'E02']) {
      const e = errorOf(parseBuddyinfo(loadSample(id)));
      expect(e.line).toBe(1);
      expect(e.text).toMatch(/^Node 0, zone/);
    }
  });
});

describe('parseBuddyinfo layouts', () => {
  it('reads counts of a million or more that widen the field', () => {
    const text =
      'Node 0, zone   Normal 1234567 12345678      0      0      0      0      0      0      0      0      1 \n';
    expect(rows(parseBuddyinfo(text))[0]!.free.slice(0, 2)).toEqual([1234567, 12345678]);
  });

  it.each([9, 12, 14])('reads %i order columns (ppc64 64K .. arm64 64K)', (n) => {
    const line = `Node 0, zone   Normal ${Array.from({ length: n }, (_, o) => String(o + 1).padStart(6)).join(' ')} `;
    expect(rows(parseBuddyinfo(line)).map((z) => z.free.length)).toEqual([n]);
  });

  it('reads many NUMA nodes, Movable and HighMem zones, blank lines and CRLF', () => {
    const text = [
      'Node 0, zone      DMA      1      1      1      1      1      1      1      1      1      1      1 ',
      '',
      'Node 0, zone   Normal      2      2      2      2      2      2      2      2      2      2      2 ',
      'Node 1, zone  Movable      3      3      3      3      3      3      3      3      3      3      3 ',
      '   ',
      'Node 7, zone  HighMem      4      4      4      4      4      4      4      4      4      4      4 ',
      'Node 12, zone   Normal      5      5      5      5      5      5      5      5      5      5      5 ',
    ].join('\r\n');
    const r = rows(parseBuddyinfo(text));
    expect(r.map((z) => [z.node, z.zone, z.free[0]])).toEqual([
      [0, 'DMA', 1],
      [0, 'Normal', 2],
      [1, 'Movable', 3],
      [7, 'HighMem', 4],
      [12, 'Normal', 5],
    ]);
  });
});

describe('parseBuddyinfo errors', () => {
  const row11 =
    'Node 0, zone    DMA32      1      2      3      4      5      6      7      8      9     10     11 ';
  const row12 =
    'Node 0, zone   Normal      1      2      3      4      5      6      7      8      9     10     11     12 ';

  it('names the line whose column count differs from the first row', () => {
    const e = errorOf(parseBuddyinfo(`${row11}\n\n${row12}\n`));
    expect(e.line).toBe(3);
    expect(e.message).toContain('12 order columns, but line 1 has 11');
    expect(e.text).toBe(row12);
  });

  it('names a garbage line', () => {
    const e = errorOf(parseBuddyinfo(`${row11}\nsegmentation fault (core dumped)\n`));
    expect(e).toMatchObject({ line: 2, text: 'segmentation fault (core dumped)' });
  });

  it('names a row with a non-numeric count', () => {
    const e = errorOf(parseBuddyinfo(row11.replace('     7 ', '    7x ')));
    expect(e.line).toBe(1);
    expect(e.message).toContain('non-negative integers');
  });

  it('refuses a row cut short (fewer than 9 orders)', () => {
    const e = errorOf(parseBuddyinfo(`${row11}\nNode 0, zone   Normal    328     53     30`));
    expect(e.line).toBe(2);
    expect(e.message).toContain('3 order columns');
  });

  it('refuses a zone listed twice (a file concatenated with itself)', () => {
    expect(errorOf(parseBuddyinfo(`${row11}\n${row11}\n`)).line).toBe(2);
  });

  it('refuses empty input', () => {
    expect(errorOf(parseBuddyinfo('')).line).toBe(0);
    expect(errorOf(parseBuddyinfo('\n  \n')).message).toBe('no buddyinfo rows');
  });

  it('refuses counts too large to be exact', () => {
    expect(parseBuddyinfo(row11.replace('    11 ', ' 99999999999999999 ')).ok).toBe(false);
  });
});
