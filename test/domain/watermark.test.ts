import { describe, expect, it } from 'vitest';
import type { ZoneWatermarks } from '../../src/domain/types';
import {
  compactionHasRoom,
  lowmemReserve,
  usesLegacyWatermarks,
  watermarkOk,
} from '../../src/domain/watermark';
import { zoneMetrics } from '../../src/domain/zoneMetrics';
import { B02, B19, B19_ZONEINFO } from './samples';

const wm = (min: number, low = min, zone = 'Normal'): ZoneWatermarks => ({
  node: 0,
  zone,
  free: 0,
  min,
  low,
  high: low,
  managed: 0,
});

describe('watermarkOk', () => {
  it('passes B19 Normal at order 4 with both algorithms (blocks >= 4 and reserve halving hold)', () => {
    const normal = B19[2]!;
    const w = B19_ZONEINFO[2]!;
    expect(watermarkOk(normal, w, 4, { legacy: false })).toBe(true);
    expect(watermarkOk(normal, w, 4, { legacy: true })).toBe(true);
  });

  it('fails the legacy check where lower orders hold the free pages, though a block exists', () => {
    // 24 free pages: 8 at order 0, one order-4 block. Order 4, min 4: 24-15 = 9 > 4; minus order-0 pages
    // leaves 1, which is not above min>>1 = 2. The modern check only needs the order-4 block.
    const zone = { node: 0, zone: 'Normal', free: [8, 0, 0, 0, 1] };
    expect(watermarkOk(zone, wm(4), 4, { legacy: true })).toBe(false);
    expect(watermarkOk(zone, wm(4), 4, { legacy: false })).toBe(true);
  });

  it('fails B02 Normal at order 4 on pre-4.4 kernels once min exceeds 8071 pages', () => {
    // 271056 - 15 free; minus orders 0, 1, 2 leaves 1009 pages (the order-10 block, less 15), which must
    // stay above min >> 3 after order 2: min <= 8071 passes, 8072 fails. The modern check passes regardless.
    const normal = B02[2]!;
    expect(watermarkOk(normal, wm(8071), 4, { legacy: true })).toBe(true);
    expect(watermarkOk(normal, wm(8072), 4, { legacy: true })).toBe(false);
    expect(watermarkOk(normal, wm(8072), 4, { legacy: false })).toBe(true);
  });

  it('fails every order when free pages do not exceed min plus the reserve', () => {
    const zone = { node: 0, zone: 'DMA32', free: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10] }; // 10240 pages
    expect(watermarkOk(zone, wm(5000), 0, { legacy: false, reserve: 5240 })).toBe(false);
    expect(watermarkOk(zone, wm(5000), 0, { legacy: false, reserve: 5239 })).toBe(true);
    expect(watermarkOk(zone, wm(5000), 4, { legacy: false, reserve: 5239 })).toBe(false);
  });

  it('fails the modern check when no block of the order is free', () => {
    const zone = { node: 0, zone: 'Normal', free: [100000, 0, 0, 0, 0, 0] };
    expect(watermarkOk(zone, wm(10), 4, { legacy: false })).toBe(false);
  });

  it('records the watermark check in zone metrics when zoneinfo is given', () => {
    expect(zoneMetrics(B19[2]!, 4, B19_ZONEINFO[2]!).watermarkOk).toBe(true);
    expect(
      zoneMetrics({ node: 0, zone: 'Normal', free: [8, 0, 0, 0, 1] }, 4, wm(4), { legacy: true }).watermarkOk,
    ).toBe(false);
  });
});

describe('compactionHasRoom', () => {
  it('needs the low watermark plus 2 << order above order 3 (min at or below it)', () => {
    const zone = { node: 0, zone: 'Normal', free: [1000] };
    expect(compactionHasRoom(zone, wm(900, 968), 4, { legacy: false })).toBe(false); // 968 + 32 = 1000
    expect(compactionHasRoom(zone, wm(900, 967), 4, { legacy: false })).toBe(true);
    expect(compactionHasRoom(zone, wm(983, 2000), 3, { legacy: false })).toBe(true); // min 983 + 16 < 1000
    expect(compactionHasRoom(zone, wm(983, 2000), 3, { legacy: true })).toBe(false); // 3.10: low for all orders
  });
});

describe('lowmemReserve and kernel versions', () => {
  it('takes the largest protection entry for DMA32 and none for Normal', () => {
    expect(lowmemReserve(B19_ZONEINFO[1]!)).toBe(7680);
    expect(lowmemReserve(B19_ZONEINFO[0]!)).toBe(10698);
    expect(lowmemReserve(B19_ZONEINFO[2]!)).toBe(0);
  });

  it('uses the legacy algorithm before 4.4 only', () => {
    expect(usesLegacyWatermarks('3.10.0-1160.el7.x86_64')).toBe(true);
    expect(usesLegacyWatermarks('2.6.32-358.23.2.el5.x86_64')).toBe(true);
    expect(usesLegacyWatermarks('4.3.5')).toBe(true);
    expect(usesLegacyWatermarks('4.4.0-210-generic')).toBe(false);
    expect(usesLegacyWatermarks('5.4.119-19-0009.11')).toBe(false);
    expect(usesLegacyWatermarks(undefined)).toBe(false);
  });
});
