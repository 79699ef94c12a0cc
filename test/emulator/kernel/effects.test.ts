import { describe, expect, it } from 'vitest';
import { createKernel, type KernelModel, type Preset } from '../../../src/emulator/kernel';
import { buddyRows, keyValues, unusable, zoneinfoPages } from './procText';

const build = (preset: Preset, seed = 4, numaNodes = 1): KernelModel =>
  createKernel({ preset, seed, numaNodes });

function worstUnusable(k: KernelModel, order: number): number {
  const rows = buddyRows(k.render().get('proc/buddyinfo') ?? '').filter((r) => r.zone !== 'DMA');
  return Math.max(...rows.map((r) => unusable(r.counts, order)));
}

function snapshot(k: KernelModel): { mem: Map<string, number>; vm: Map<string, number>; dmesg: string } {
  const f = k.render();
  return {
    mem: keyValues(f.get('proc/meminfo') ?? ''),
    vm: keyValues(f.get('proc/vmstat') ?? ''),
    dmesg: f.get('dmesg') ?? '',
  };
}

describe('drop_caches', () => {
  it('frees clean page cache on 1 and leaves dirty pages and slab alone', () => {
    const k = build('pagecache');
    const before = snapshot(k);
    k.dropCaches(1);
    const after = snapshot(k);
    expect(after.mem.get('Cached')).toBeLessThan((before.mem.get('Cached') ?? 0) / 3);
    expect(after.mem.get('Dirty')).toBe(before.mem.get('Dirty'));
    expect(after.mem.get('Dirty')).toBeGreaterThan(0);
    expect(after.mem.get('SReclaimable')).toBe(before.mem.get('SReclaimable'));
    expect(after.vm.get('drop_pagecache')).toBe((before.vm.get('drop_pagecache') ?? 0) + 1);
    expect(after.vm.get('drop_slab')).toBe(before.vm.get('drop_slab'));
    expect(after.mem.get('MemFree')).toBeGreaterThan(before.mem.get('MemFree') ?? 0);
    expect(after.dmesg).toMatch(/\] bash \(\d+\): drop_caches: 1\n$/);
  });

  it('frees reclaimable slab on 2 and counts drop_slab', () => {
    const k = build('unmovable');
    const before = snapshot(k);
    k.dropCaches(2);
    const after = snapshot(k);
    expect(after.mem.get('SReclaimable')).toBeLessThan(before.mem.get('SReclaimable') ?? 0);
    expect(after.mem.get('SUnreclaim')).toBe(before.mem.get('SUnreclaim'));
    expect(after.mem.get('Cached')).toBe(before.mem.get('Cached'));
    expect(after.vm.get('drop_slab')).toBe((before.vm.get('drop_slab') ?? 0) + 1);
  });

  it('restores high orders on `pagecache` but not on `anonymous` or `unmovable`', () => {
    const pc = build('pagecache');
    pc.dropCaches(3);
    expect(worstUnusable(pc, 9)).toBeLessThan(0.4);
    for (const preset of ['anonymous', 'unmovable'] as const) {
      const k = build(preset);
      k.dropCaches(3);
      expect(worstUnusable(k, 6)).toBeGreaterThan(0.98);
    }
  });
});

describe('compaction', () => {
  it('restores high orders on `anonymous` and counts the work in vmstat', () => {
    const k = build('anonymous');
    const before = snapshot(k);
    const { stallMs } = k.compact();
    const after = snapshot(k);
    expect(worstUnusable(k, 9)).toBeLessThan(0.4);
    const delta = (name: string): number => (after.vm.get(name) ?? 0) - (before.vm.get(name) ?? 0);
    expect(delta('pgmigrate_success')).toBeGreaterThan(1000);
    expect(delta('compact_migrate_scanned')).toBeGreaterThan(delta('pgmigrate_success'));
    expect(delta('compact_free_scanned')).toBeGreaterThan(0);
    expect(delta('compact_isolated')).toBeGreaterThanOrEqual(2 * delta('pgmigrate_success'));
    expect(after.mem.get('MemFree')).toBe(before.mem.get('MemFree'));
    expect(after.mem.get('AnonPages')).toBe(before.mem.get('AnonPages'));
    expect(stallMs).toBeGreaterThan(delta('pgmigrate_success') * 0.001);
  });

  it('cannot fix `unmovable`, even after drop_caches', () => {
    const k = build('unmovable');
    k.dropCaches(3);
    const before = snapshot(k);
    k.compact();
    expect(worstUnusable(k, 6)).toBeGreaterThan(0.98);
    expect(snapshot(k).mem.get('SUnreclaim')).toBe(before.mem.get('SUnreclaim'));
  });

  it('leaves `low-memory` short of memory whatever is tried', () => {
    const k = build('low-memory');
    k.dropCaches(3);
    k.compact();
    const f = k.render();
    expect(worstUnusable(k, 4)).toBeGreaterThan(0.98);
    const zi = zoneinfoPages(f.get('proc/zoneinfo') ?? '');
    for (const zone of ['0/DMA32', '0/Normal']) {
      expect(zi.get(zone)?.free).toBeLessThan(zi.get(zone)?.low ?? 0);
    }
  });

  it('makes little progress on a second pass (§7)', () => {
    const k = build('anonymous');
    const first = k.compact().stallMs;
    const migrated = keyValues(k.render().get('proc/vmstat') ?? '').get('pgmigrate_success') ?? 0;
    const second = k.compact().stallMs;
    const again = (keyValues(k.render().get('proc/vmstat') ?? '').get('pgmigrate_success') ?? 0) - migrated;
    expect(again).toBeLessThan(migrated / 10);
    expect(second).toBeLessThan(first / 5);
  });

  it('compacts only the node written to through nodeN/compact', () => {
    const k = build('anonymous', 4, 2);
    const before = buddyRows(k.render().get('proc/buddyinfo') ?? '');
    expect(k.write('sys/devices/system/node/node1/compact', '1\n')).toMatchObject({
      stallMs: expect.any(Number),
    });
    const after = buddyRows(k.render().get('proc/buddyinfo') ?? '');
    expect(after.filter((r) => r.node === 0)).toEqual(before.filter((r) => r.node === 0));
    expect(after.filter((r) => r.node === 1)).not.toEqual(before.filter((r) => r.node === 1));
  });
});

describe('control files', () => {
  it('lists drop_caches, compact_memory and one compact file per NUMA node', () => {
    expect(build('healthy', 1, 2).controlFiles()).toEqual([
      'proc/sys/vm/drop_caches',
      'proc/sys/vm/compact_memory',
      'sys/devices/system/node/node0/compact',
      'sys/devices/system/node/node1/compact',
    ]);
  });

  it('rejects drop_caches values outside 1..4 and compact_memory other than 1 on 6.x', () => {
    const k = build('pagecache');
    for (const v of ['0', '5', 'abc', '', '3 3']) {
      expect(k.write('proc/sys/vm/drop_caches', v)).toHaveProperty('error');
    }
    expect(k.write('proc/sys/vm/compact_memory', '2')).toHaveProperty('error');
    expect(k.write('proc/sys/vm/nr_hugepages', '1')).toHaveProperty('error');
    expect(k.write('sys/devices/system/node/node1/compact', '1')).toHaveProperty('error');
    expect(keyValues(k.render().get('proc/vmstat') ?? '').get('drop_pagecache')).toBe(0);
  });

  it('accepts `echo 3`, silences the log after bit 4 and compacts on any value on 3.10', () => {
    const k = createKernel({ preset: 'pagecache', seed: 4, kernel: '3.10' });
    expect(k.write('proc/sys/vm/drop_caches', '3\n')).toHaveProperty('stallMs');
    expect(k.write('proc/sys/vm/drop_caches', '4')).toHaveProperty('stallMs');
    k.write('proc/sys/vm/drop_caches', '1');
    const f = k.render();
    expect(f.get('dmesg')?.match(/drop_caches: /g)).toHaveLength(1);
    expect(keyValues(f.get('proc/vmstat') ?? '').get('drop_pagecache')).toBe(2);
    expect(k.write('proc/sys/vm/compact_memory', '7')).toHaveProperty('stallMs');
  });
});
