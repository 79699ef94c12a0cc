import { describe, expect, it } from 'vitest';
import { createKernel, type KernelSpec, type Preset } from '../../../src/emulator/kernel';
import { buddyRows, freePages, keyValues, pagetypeBlocks, pagetypeFree, zoneinfoPages } from './procText';

const PRESETS: Preset[] = ['healthy', 'pagecache', 'anonymous', 'unmovable', 'low-memory'];
const KERNELS = ['6.x', '3.10'] as const;

function render(spec: KernelSpec): Map<string, string> {
  return createKernel(spec).render();
}

describe('rendered /proc files agree with each other', () => {
  for (const kernel of KERNELS) {
    for (const preset of PRESETS) {
      it(`sums pagetypeinfo free counts to buddyinfo (${kernel}, ${preset}, 2 NUMA nodes)`, () => {
        const f = render({ preset, kernel, seed: 11, numaNodes: 2, memoryMiB: 384 });
        const types = pagetypeFree(f.get('proc/pagetypeinfo') ?? '');
        const rows = buddyRows(f.get('proc/buddyinfo') ?? '');
        expect(rows.map((r) => `${r.node}/${r.zone}`)).toEqual(['0/DMA', '0/DMA32', '0/Normal', '1/Normal']);
        for (const r of rows) {
          const sum = new Array<number>(11).fill(0);
          for (const [key, counts] of types) {
            if (key.startsWith(`${r.node}/${r.zone}/`))
              counts.forEach((n, o) => {
                sum[o] = (sum[o] ?? 0) + n;
              });
          }
          expect(sum).toEqual(r.counts);
        }
      });

      it(`matches zoneinfo pages free and meminfo MemFree (${kernel}, ${preset})`, () => {
        const f = render({ preset, kernel, seed: 5 });
        const zi = zoneinfoPages(f.get('proc/zoneinfo') ?? '');
        const rows = buddyRows(f.get('proc/buddyinfo') ?? '');
        let total = 0;
        for (const r of rows) {
          expect(zi.get(`${r.node}/${r.zone}`)?.free).toBe(freePages(r.counts));
          total += freePages(r.counts);
        }
        expect(keyValues(f.get('proc/meminfo') ?? '').get('MemFree')).toBe(total * 4);
        expect(keyValues(f.get('proc/vmstat') ?? '').get('nr_free_pages')).toBe(total);
      });
    }
  }
});

describe('exact kernel formats', () => {
  it('prints buddyinfo with `Node %d, zone %8s ` and `%6lu ` columns ending in a space', () => {
    const text = render({ preset: 'pagecache', seed: 1 }).get('proc/buddyinfo') ?? '';
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(
      'Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 ',
    );
    for (const l of lines) expect(l).toMatch(/^Node \d+, zone [ A-Za-z0-9]{8} ( {0,5}\d+ ){11}$/);
  });

  it('prints the 6.18 pagetypeinfo headers and migratetype rows of sample B19', () => {
    const lines = (render({ preset: 'healthy', seed: 1 }).get('proc/pagetypeinfo') ?? '').split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Page block order: 9',
      'Pages per block:  512',
      '',
      'Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 ',
    ]);
    // the DMA zone of a fresh node is the same as on the 6.18 VM: rows copied from B19
    expect(lines.slice(4, 9)).toEqual([
      'Node    0, zone      DMA, type    Unmovable      0      0      0      0      0      0      0      0      1      0      0 ',
      'Node    0, zone      DMA, type      Movable      0      0      0      0      0      0      0      0      0      1      3 ',
      'Node    0, zone      DMA, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 ',
      'Node    0, zone      DMA, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 ',
      'Node    0, zone      DMA, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 ',
    ]);
    expect(lines).toContain(
      'Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate ',
    );
    expect(lines).toContain(
      'Node 0, zone      DMA            1            7            0            0            0 ',
    );
  });

  it('uses the old migratetype names and order on 3.10', () => {
    const text = render({ preset: 'healthy', seed: 1, kernel: '3.10' }).get('proc/pagetypeinfo') ?? '';
    expect(text).toContain(
      'Number of blocks type     Unmovable  Reclaimable      Movable      Reserve      Isolate \n',
    );
    const dma = [...pagetypeFree(text).keys()].filter((k) => k.startsWith('0/DMA/'));
    expect(dma).toEqual([
      '0/DMA/Unmovable',
      '0/DMA/Reclaimable',
      '0/DMA/Movable',
      '0/DMA/Reserve',
      '0/DMA/Isolate',
    ]);
    expect(pagetypeBlocks(text).get('0/Normal')?.Reserve).toBeGreaterThan(0);
  });

  it('prints 6.x zoneinfo for every zone with the B19 field layout', () => {
    const text = render({ preset: 'healthy', seed: 1 }).get('proc/zoneinfo') ?? '';
    const heads = text.split('\n').filter((l) => l.startsWith('Node'));
    expect(heads).toEqual([
      'Node 0, zone      DMA',
      'Node 0, zone    DMA32',
      'Node 0, zone   Normal',
      'Node 0, zone  Movable',
      'Node 0, zone   Device',
    ]);
    const dma = text.slice(0, text.indexOf('Node 0, zone    DMA32'));
    expect(dma).toMatch(/^Node 0, zone {6}DMA\n {2}per-node stats\n {6}nr_inactive_anon \d+\n/);
    expect(dma).toMatch(
      /\n {2}pages free {5}3840\n {8}boost {4}0\n {8}min {6}\d+\n {8}low {6}\d+\n {8}high {5}\d+\n {8}promo {4}\d+\n {8}spanned {2}4095\n {8}present {2}3998\n {8}managed {2}3840\n {8}cma {6}0\n {8}protection: \(0, \d+, \d+, \d+, \d+\)\n {6}nr_free_pages 3840\n/,
    );
    expect(dma).toMatch(/\n {2}node_unreclaimable: {2}0\n {2}start_pfn: {11}1\n$/);
    expect(text).toMatch(
      /Node 0, zone {2}Movable\n {2}pages free {5}0\n[^N]*protection: \(0, 0, 0, 0, 0\)\n/,
    );
  });

  it('prints 3.10 zoneinfo with scanned and without boost or unpopulated zones', () => {
    const text = render({ preset: 'healthy', seed: 1, kernel: '3.10' }).get('proc/zoneinfo') ?? '';
    expect(text).toMatch(
      /\n {2}pages free {5}\d+\n {8}min {6}\d+\n {8}low {6}\d+\n {8}high {5}\d+\n {8}scanned {2}0\n/,
    );
    expect(text).not.toContain('boost');
    expect(text).not.toContain('Movable');
    expect(text).toMatch(/\n {2}all_unreclaimable: 0\n {2}start_pfn: {9}1\n {2}inactive_ratio: {4}1\n/);
  });

  it('prints meminfo rows as `%-15s %8lu kB`', () => {
    const text = render({ preset: 'healthy', seed: 1 }).get('proc/meminfo') ?? '';
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^MemTotal: +\d+ kB$/);
    expect(lines[0]).toHaveLength('MemTotal:       16303364 kB'.length);
    expect(lines).toContain('HugePages_Total:       0');
    expect(lines).toContain('Hugepagesize:       2048 kB');
    expect(lines).toContain('HardwareCorrupted:     0 kB');
    for (const l of lines) expect(l).toMatch(/^[A-Za-z0-9_()]+: +\d+( kB)?$/);
  });

  it('renders the era-specific release, sysctls and THP settings', () => {
    const modern = render({ preset: 'healthy', seed: 1, hostname: 'node-a' });
    const el7 = render({ preset: 'healthy', seed: 1, kernel: '3.10' });
    expect(modern.get('proc/sys/kernel/osrelease')).toBe('6.18.0-memfrag\n');
    expect(el7.get('proc/sys/kernel/osrelease')).toBe('3.10.0-1160.el7.x86_64\n');
    expect(modern.get('proc/sys/kernel/hostname')).toBe('node-a\n');
    expect(modern.get('proc/sys/vm/compaction_proactiveness')).toBe('20\n');
    expect(el7.has('proc/sys/vm/compaction_proactiveness')).toBe(false);
    expect(modern.get('sys/kernel/mm/transparent_hugepage/enabled')).toBe('always [madvise] never\n');
    expect(modern.get('pagesize')).toBe('4096\n');
    expect(modern.get('proc/uptime')).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    const minFree = Number(modern.get('proc/sys/vm/min_free_kbytes'));
    const zi = zoneinfoPages(modern.get('proc/zoneinfo') ?? '');
    const mins = [...zi.values()].reduce((s, z) => s + (z.min ?? 0), 0);
    expect(Math.abs(mins - minFree / 4)).toBeLessThanOrEqual(3);
  });

  it('renders a per-node meminfo for each NUMA node', () => {
    const f = render({ preset: 'anonymous', seed: 2, numaNodes: 2 });
    expect(f.get('sys/devices/system/node/node1/meminfo')).toMatch(/^Node 1 MemTotal: +\d+ kB\n/);
    const n0 = keyValues((f.get('sys/devices/system/node/node0/meminfo') ?? '').replace(/^Node \d /gm, ''));
    const n1 = keyValues((f.get('sys/devices/system/node/node1/meminfo') ?? '').replace(/^Node \d /gm, ''));
    expect((n0.get('MemFree') ?? 0) + (n1.get('MemFree') ?? 0)).toBe(
      keyValues(f.get('proc/meminfo') ?? '').get('MemFree'),
    );
  });
});
