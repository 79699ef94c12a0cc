/** Shared pieces of the server-side SVG charts: palette, nice axis ticks, series colours. */

/** Colours chosen to stay apart for colour-blind readers and on paper. */
export const COLORS = {
  ink: '#1f2937',
  muted: '#6b7280',
  grid: '#e5e7eb',
  target: '#fde68a',
  targetLine: '#b45309',
  stall: '#e11d48',
} as const;

// before is neutral; each remediation moment has its own colour
const SERIES: Record<string, string> = {
  before: '#a5b4c8',
  'after drop_caches': '#f59e0b',
  'after compaction': '#2563eb',
};
const EXTRA = ['#7c3aed', '#0d9488', '#db2777', '#65a30d'];

/** The colour of a snapshot series, stable by label. */
export function seriesColor(label: string, index: number): string {
  return SERIES[label] ?? EXTRA[index % EXTRA.length] ?? COLORS.muted;
}

/** Colours of verdicts and outcomes in badges and fleet bars. */
export const STATUS_COLORS: Record<string, string> = {
  healthy: '#16a34a',
  resolved: '#16a34a',
  improved: '#65a30d',
  fragmented: '#ea580c',
  'no-effect': '#a3a3a3',
  skipped: '#94a3b8',
  unmovable: '#9333ea',
  'low-memory': '#dc2626',
  regressed: '#dc2626',
  failed: '#b91c1c',
  unknown: '#6b7280',
};

/** A colour for a status, grey when it has none. */
export function statusColor(status: string): string {
  return STATUS_COLORS[status] ?? '#64748b';
}

/** Up to ~5 round tick values from 0 to at least `max`. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Rounds a coordinate to one decimal so the markup stays small. */
export function r1(v: number): number {
  return Math.round(v * 10) / 10;
}
