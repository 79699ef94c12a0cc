/** A small line chart of one zone's unusable index per order (0..1), one line per snapshot. */
import { COLORS, r1, seriesColor } from './chartKit';
import type { SnapshotView } from './episodeView';
import { fmtIndex } from './format';
import { type Html, html } from './html';

const W = 420;
const H = 120;
const PAD = { left: 46, right: 8, top: 14, bottom: 22 };

/** One snapshot's unusable index per order, kernel units 0..1000. */
export interface IndexSeries {
  label: string;
  index: number[];
}

/** The chart; `target` marks the target order. */
export function indexChart(series: IndexSeries[], target: number | null): Html {
  const orders = Math.max(2, ...series.map((s) => s.index.length));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (o: number) => PAD.left + (o / (orders - 1)) * plotW;
  const y = (v: number) => PAD.top + plotH - (Math.min(1000, Math.max(0, v)) / 1000) * plotH;
  const grid = [0, 500, 1000].map(
    (t) =>
      html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="${COLORS.grid}"/><text x="${PAD.left - 5}" y="${r1(y(t) + 3)}" text-anchor="end" font-size="10" fill="${COLORS.muted}">${(t / 1000).toFixed(1)}</text>`,
  );
  const lines = series.map((s, si) => {
    const color = seriesColor(s.label, si);
    const pts = s.index.map((v, o) => `${r1(x(o))},${r1(y(v))}`).join(' ');
    const dots = s.index.map(
      (v, o) =>
        html`<circle class="point" cx="${r1(x(o))}" cy="${r1(y(v))}" r="2.2" fill="${color}"><title>${s.label}, order ${o}: ${fmtIndex(v)}</title></circle>`,
    );
    return html`<g class="series" data-series="${s.label}"><polyline class="line" points="${pts}" fill="none" stroke="${color}" stroke-width="1.8"/>${dots}</g>`;
  });
  const mark =
    target !== null && target < orders
      ? html`<line x1="${r1(x(target))}" x2="${r1(x(target))}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="${COLORS.targetLine}" stroke-dasharray="4 3"/>`
      : null;
  const labels = Array.from(
    { length: orders },
    (_, o) =>
      html`<text x="${r1(x(o))}" y="${H - PAD.bottom + 12}" text-anchor="middle" font-size="9" fill="${COLORS.muted}">${o}</text>`,
  );
  return html`<svg class="chart index-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="unusable index per order">
${grid}${mark}${lines}${labels}
<text x="10" y="${PAD.top + plotH / 2}" transform="rotate(-90 10 ${PAD.top + plotH / 2})" text-anchor="middle" font-size="9" fill="${COLORS.muted}">unusable</text>
</svg>`;
}

/** The index series of one zone across an episode's snapshots. */
export function zoneIndexSeries(snaps: SnapshotView[], node: number, zone: string): IndexSeries[] {
  return snaps.flatMap((s) => {
    const z = s.zones.find((x) => x.node === node && x.zone === zone);
    return z ? [{ label: s.label, index: z.unusableIndex }] : [];
  });
}
