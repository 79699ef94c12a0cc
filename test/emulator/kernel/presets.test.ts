import { describe, expect, it } from 'vitest';
import { createKernel, type KernelModel, type Preset } from '../../../src/emulator/kernel';
import { buddyRows, keyValues, normalRows, pagetypeBlocks, unusable, zoneinfoPages } from './procText';

/** Worst unusable index at `order` over the node's DMA32 and Normal zones (DMA stays free by design). */
function worstUnusable(k: KernelModel, order: number): number {
  const rows = buddyRows(k.render().get('proc/buddyinfo') ?? '').filter((r) => r.zone !== 'DMA');
  return Math.max(...rows.map((r) => unusable(r.counts, order)));
}

function failures(k: KernelModel): number {
  return (k.render().get('dmesg') ?? '').match(/: page allocation failure: order:/g)?.length ?? 0;
}

const build = (preset: Preset, seed = 3, kernel: '6.x' | '3.10' = '6.x'): KernelModel =>
  createKernel({ preset, seed, kernel });

describe('presets age into their intended state', () => {
  for (const kernel of ['6.x', '3.10'] as const) {
    it(`keeps plenty of order-9 blocks and logs no failure when healthy (${kernel})`, () => {
      const k = build('healthy', 3, kernel);
      expect(worstUnusable(k, 9)).toBeLessThan(0.5);
      expect(worstUnusable(k, 4)).toBeLessThan(0.1);
      k.advance(120_000);
      expect(failures(k)).toBe(0);
      expect(keyValues(k.render().get('proc/vmstat') ?? '').get('compact_fail')).toBe(0);
    });
  }

  for (const preset of ['pagecache', 'anonymous', 'unmovable'] as const) {
    it(`leaves no free block of order 4 or more in DMA32/Normal (${preset})`, () => {
      const k = build(preset);
      expect(worstUnusable(k, 4)).toBeGreaterThan(0.98);
      expect(failures(k)).toBeGreaterThanOrEqual(1);
    });
  }

  it('lets Unmovable and Reclaimable pageblocks dominate pagetypeinfo on `unmovable`', () => {
    const blocks = pagetypeBlocks(build('unmovable').render().get('proc/pagetypeinfo') ?? '').get('0/Normal');
    expect((blocks?.Unmovable ?? 0) + (blocks?.Reclaimable ?? 0)).toBeGreaterThan(4 * (blocks?.Movable ?? 0));
  });

  it('holds a node at its min watermark with almost everything anonymous on `low-memory`', () => {
    const f = build('low-memory').render();
    const zi = zoneinfoPages(f.get('proc/zoneinfo') ?? '');
    const normal = zi.get('0/Normal') ?? {};
    expect(normal.free).toBeLessThan(normal.low ?? 0);
    const mem = keyValues(f.get('proc/meminfo') ?? '');
    expect((mem.get('AnonPages') ?? 0) / (mem.get('MemTotal') ?? 1)).toBeGreaterThan(0.8);
  });

  it('logs the era-specific failure header with the Mem-Info free lists', () => {
    const el7 = build('pagecache', 3, '3.10').render().get('dmesg') ?? '';
    expect(el7).toMatch(
      /^\[ *\d+\.\d{6}\] runc:\[1:CHILD\]: page allocation failure: order:6, mode:0x10c0d0$/m,
    );
    expect(el7).toMatch(/^\[ *\d+\.\d{6}\] Node 0 Normal: \d+\*4kB \([UEMR]+\) .* = \d+kB$/m);
    const modern = build('pagecache').render().get('dmesg') ?? '';
    expect(modern).toMatch(
      /\] runc:\[1:CHILD\]: page allocation failure: order:4, mode:0x440dc0\(GFP_KERNEL_ACCOUNT\|__GFP_COMP\|__GFP_ZERO\), nodemask=\(null\),cpuset=\/,mems_allowed=0$/m,
    );
  });

  it('prints the Mem-Info free list equal to buddyinfo in kB', () => {
    const k = build('anonymous');
    const f = k.render();
    const normal = normalRows(f.get('proc/buddyinfo') ?? '')[0];
    const line = (f.get('dmesg') ?? '').split('\n').find((l) => l.includes('] Node 0 Normal: '));
    const counts = [...(line ?? '').matchAll(/(\d+)\*(\d+)kB/g)].map((m) => Number(m[1]));
    expect(counts).toEqual(normal?.counts);
  });

  it('keeps the kernel log bounded as failures accumulate', () => {
    const k = build('unmovable');
    for (let i = 0; i < 20; i++) k.advance(60_000);
    const lines = (k.render().get('dmesg') ?? '').trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(200);
    expect(lines.at(-1)).toMatch(/^\[ *\d+\.\d{6}\] /);
    expect(k.nowMs).toBe(1_200_000);
  });
});
