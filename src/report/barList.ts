/** Horizontal count bars (verdicts, outcomes) for the fleet section. */
import { COLORS, r1, statusColor } from './chartKit';
import { type Html, html } from './html';

const W = 460;
const ROW = 26;
const LEFT = 120;
const RIGHT = 50;

/** Counts of each distinct value, largest first. */
export function countBy(values: readonly string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The chart of `counts` titled `name`. */
export function barList(name: string, counts: [string, number][]): Html {
  const max = Math.max(1, ...counts.map(([, n]) => n));
  const plotW = W - LEFT - RIGHT;
  const H = Math.max(1, counts.length) * ROW + 6;
  const rows = counts.map(([k, n], i) => {
    const y = 3 + i * ROW;
    const w = Math.max(2, (n / max) * plotW);
    return html`<g class="count" data-key="${k}" data-count="${n}"><text x="${LEFT - 8}" y="${y + 15}" text-anchor="end" font-size="12" fill="${COLORS.ink}">${k}</text><rect class="bar" x="${LEFT}" y="${y + 3}" width="${r1(w)}" height="17" rx="3" fill="${statusColor(k)}"><title>${k}: ${n}</title></rect><text x="${r1(LEFT + w + 6)}" y="${y + 16}" font-size="12" font-weight="600" fill="${COLORS.ink}">${n}</text></g>`;
  });
  return html`<svg class="chart count-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${name}">${rows}</svg>`;
}
