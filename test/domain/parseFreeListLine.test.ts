import { describe, expect, it } from 'vitest';
import { parseFreeListLine } from '../../src/domain/parseFreeListLine';
import { loadSample } from '../fixtures/samples/loadSample';

const M02 = loadSample('M02').split('\n');

describe('parseFreeListLine', () => {
  it('reads a NUMA line (M02) with counts, page size and total', () => {
    expect(parseFreeListLine(M02[2]!)).toEqual({
      node: 0,
      zone: 'Normal',
      free: [2765, 737, 145, 251, 626, 255, 46, 23, 15, 8, 3163],
      pageSize: 4096,
      totalKb: 13110956,
    });
  });

  it('reads a line without `Node N` as node 0 (M01, CONFIG_NUMA off, pre-4.4 `R` letters)', () => {
    const line = loadSample('M01').split('\n')[1]!;
    expect(parseFreeListLine(line)).toMatchObject({
      node: 0,
      zone: 'Normal',
      free: [270, 82, 48, 25, 12, 2, 1, 0, 0, 0, 0],
    });
  });

  it('reads 64K pages and 14 orders from the kB sizes (arm64 64K)', () => {
    const pairs = Array.from(
      { length: 14 },
      (_, o) => `${o === 13 ? 2 : 1}*${64 * 2 ** o}kB${o < 3 ? ' (M)' : ''}`,
    );
    const total = Array.from({ length: 14 }, (_, o) => (o === 13 ? 2 : 1) * 64 * 2 ** o).reduce(
      (a, b) => a + b,
    );
    const r = parseFreeListLine(`[ 12.5] Node 3 Normal: ${pairs.join(' ')} = ${total}kB`);
    expect(r?.pageSize).toBe(65536);
    expect(r?.node).toBe(3);
    expect(r?.free).toEqual([...Array(13).fill(1), 2]);
  });

  it('ignores a line whose counts do not add up to its total (garbled by interleaved output)', () => {
    const line =
      'Node 0 Normal: 1163*4kB (UME) 1101*8kB (UME) 932*16kB (UM) 222*32kB (U) 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 32108kB';
    expect(parseFreeListLine(line)).toBeUndefined();
    expect(parseFreeListLine(line.replace('32108kB', '35476kB'))?.free[0]).toBe(1163);
  });

  it('ignores sizes that do not double per order, too few orders, and other Mem-Info lines', () => {
    expect(
      parseFreeListLine(
        'Node 0 DMA: 1*4kB 1*4kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 8kB',
      ),
    ).toBeUndefined();
    expect(parseFreeListLine('Node 0 DMA: 1*4kB (U) 1*8kB (U) 0*16kB = 12kB')).toBeUndefined();
    expect(
      parseFreeListLine(
        'Node 0 DMA free:15908kB min:20kB low:24kB high:28kB present:15992kB managed:15908kB',
      ),
    ).toBeUndefined();
    expect(parseFreeListLine('Node 0 DMA per-cpu:')).toBeUndefined();
    expect(
      parseFreeListLine('Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB'),
    ).toBeUndefined();
  });
});
