/**
 * One zone's free memory by order as a small text chart: per order the block size, the free blocks, the
 * MiB they hold, a bar scaled to the zone's biggest order, and the kernel's two indices at that order.
 */
import { formatIndex } from '../domain/extfragText';
import type { ZoneMetrics } from '../domain/types';
import { type Paint, paint } from './renderStyle';

const BAR_WIDTH = 24;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `fraction` (0..1) of BAR_WIDTH cells, in eighths of a cell; a non-zero value shows at least ▏. */
export function bar(fraction: number): string {
  const eighths = fraction > 0 ? Math.max(1, Math.round(fraction * BAR_WIDTH * 8)) : 0;
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** A byte count as the kernel's short sizes: 4K, 64K, 2M, 1G. */
export function sizeLabel(bytes: number): string {
  for (const [unit, scale] of [
    ['G', 2 ** 30],
    ['M', 2 ** 20],
    ['K', 2 ** 10],
  ] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${unit}`;
  }
  return `${bytes}B`;
}

/** MiB with one decimal, or two below 1 MiB so small lists do not read as zero. */
export function mib(bytes: number): string {
  const m = bytes / 2 ** 20;
  return m > 0 && m < 1 ? m.toFixed(2) : m.toFixed(1);
}

/** The chart lines of one zone; the target order's row is marked with `◀`. */
export function renderZoneChart(
  z: ZoneMetrics,
  opts: { pageSize: number; targetOrder: number; color: boolean },
): string[] {
  const p: Paint = paint(opts.color);
  const bytes = z.free.map((blocks, order) => blocks * opts.pageSize * 2 ** order);
  const most = Math.max(...bytes, 1);
  const head = `  ${'order'.padStart(5)} ${'size'.padStart(6)} ${'blocks'.padStart(9)} ${'MiB'.padStart(9)}  ${'free memory by order'.padEnd(BAR_WIDTH)}  ${'unusable'.padStart(8)} ${'extfrag'.padStart(8)}`;
  const rows = z.free.map((blocks, order) => {
    const cells = bar(bytes[order]! / most).padEnd(BAR_WIDTH);
    const usable = order >= opts.targetOrder;
    const line = [
      `  ${String(order).padStart(5)}`,
      sizeLabel(opts.pageSize * 2 ** order).padStart(6),
      String(blocks).padStart(9),
      mib(bytes[order]!).padStart(9),
      ` ${usable ? p.good(cells) : p.dim(cells)} `,
      formatIndex(z.unusableIndex[order] ?? 0).padStart(8),
      formatIndex(z.fragmentationIndex[order] ?? 0, 'extfrag').padStart(8),
    ].join(' ');
    return order === opts.targetOrder ? `${line} ◀` : line;
  });
  return [p.dim(head), ...rows];
}
