/** Small statistics for benchmark figures: medians and ranges of repeated runs. */

/** The median of `values` (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `median (min–max)` of `values`, each formatted with `fmt`. */
export function medianRange(
  values: readonly number[],
  fmt: (n: number) => string = (n) => n.toFixed(0),
): string {
  if (values.length === 0) return 'n/a';
  const med = fmt(median(values));
  if (values.length === 1) return med;
  return `${med} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}
