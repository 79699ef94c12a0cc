/** Grouped bars of one zone's free memory (MiB) per order, one bar per snapshot, with the target order marked. */
import { COLORS, niceTicks, r1, seriesColor } from './chartKit';
import type { SnapshotView } from './episodeView';
import { fmtMiB, pagesToMiB } from './format';
import { type Html, html } from './html';

/** One snapshot's free blocks per order in the zone. */
export interface FreeSeries {
  label: string;
  free: number[];
}

const W = 420;
const H = 200;
const PAD = { left: 46, right: 8, top: 22, bottom: 30 };

/** MiB held in free blocks of `order`. */
function mibAt(blocks: number, order: number): number {
  return pagesToMiB(blocks * 2 ** order);
}

function targetBand(x0: number, plotRight: number, order: number): Html {
  const h = H - PAD.top - PAD.bottom;
  return html`<g class="target"><rect x="${r1(x0)}" y="${PAD.top}" width="${r1(plotRight - x0)}" height="${h}" fill="${COLORS.target}" opacity="0.35"/><line x1="${r1(x0)}" x2="${r1(x0)}" y1="${PAD.top - 4}" y2="${H - PAD.bottom}" stroke="${COLORS.targetLine}" stroke-dasharray="4 3"/><text x="${r1(x0 + 4)}" y="${PAD.top - 8}" fill="${COLORS.targetLine}" font-size="10">target: order ≥ ${order}</text></g>`;
}

/** The chart; `target` is the episode's target order (null: not known). */
export function freeChart(series: FreeSeries[], target: number | null): Html {
  const orders = Math.max(1, ...series.map((s) => s.free.length));
  const max = Math.max(0, ...series.flatMap((s) => s.free.map((b, o) => mibAt(b, o))));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const group = plotW / orders;
  const barW = (group * 0.82) / Math.max(1, series.length);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const grid = ticks.map(
    (t) =>
      html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="${COLORS.grid}"/><text x="${PAD.left - 5}" y="${r1(y(t) + 3)}" text-anchor="end" font-size="10" fill="${COLORS.muted}">${fmtMiB(t)}</text>`,
  );
  const bars = series.map((s, si) =>
    s.free.map((blocks, o) => {
      const v = mibAt(blocks, o);
      if (v <= 0) return null;
      const h = Math.max(1, (v / top) * plotH);
      const x = PAD.left + o * group + group * 0.09 + si * barW;
      return html`<rect class="bar" data-series="${s.label}" data-order="${o}" data-blocks="${blocks}" x="${r1(x)}" y="${r1(PAD.top + plotH - h)}" width="${r1(barW)}" height="${r1(h)}" fill="${seriesColor(s.label, si)}"><title>${s.label}, order ${o}: ${blocks} blocks = ${fmtMiB(v)} MiB</title></rect>`;
    }),
  );
  const labels = Array.from(
    { length: orders },
    (_, o) =>
      html`<text x="${r1(PAD.left + (o + 0.5) * group)}" y="${H - PAD.bottom + 13}" text-anchor="middle" font-size="10" fill="${COLORS.muted}">${o}</text>`,
  );
  return html`<svg class="chart free-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="free MiB per order">
${target !== null && target < orders ? targetBand(PAD.left + target * group, W - PAD.right, target) : null}${grid}${bars}${labels}
<text x="${PAD.left + plotW / 2}" y="${H - 3}" text-anchor="middle" font-size="10" fill="${COLORS.muted}">order (block = 2^order pages)</text>
<text x="10" y="${PAD.top + plotH / 2}" transform="rotate(-90 10 ${PAD.top + plotH / 2})" text-anchor="middle" font-size="10" fill="${COLORS.muted}">free MiB</text>
</svg>`;
}

/** The series of one zone across an episode's snapshots (snapshots without the zone are left out). */
export function zoneSeries(snaps: SnapshotView[], node: number, zone: string): FreeSeries[] {
  return snaps.flatMap((s) => {
    const z = s.zones.find((x) => x.node === node && x.zone === zone);
    return z ? [{ label: s.label, free: z.free }] : [];
  });
}
