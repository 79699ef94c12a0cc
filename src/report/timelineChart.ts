/** A Gantt-like timeline of an episode's stages: one bar per stage, its node-side stall overlaid in red. */
import { COLORS, r1, statusColor } from './chartKit';
import type { StageView } from './episodeView';
import { fmtDuration } from './format';
import { type Html, html } from './html';

const W = 1000;
const ROW = 24;
const LEFT = 110;
const RIGHT = 300;
const TOP = 8;

const STATE_COLORS: Record<string, string> = {
  done: '#0f766e',
  running: '#0284c7',
  failed: '#b91c1c',
  interrupted: '#c2410c',
  skipped: '#94a3b8',
};

function caption(s: StageView, ms: number): string {
  const parts = [fmtDuration(ms)];
  if (s.stallMs !== null) parts.push(`stall ${fmtDuration(s.stallMs)}`);
  parts.push(s.state);
  if (s.effect) parts.push(s.effect);
  if (s.error) parts.push(s.error);
  return parts.join(' · ');
}

/** The chart; `now` closes the bar of a stage still running. */
export function timelineChart(stages: StageView[], now: number): Html {
  if (stages.length === 0) return html`<p class="empty">No stage ran.</p>`;
  const t0 = Math.min(...stages.map((s) => s.startedAt));
  const t1 = Math.max(...stages.map((s) => s.endedAt ?? now));
  const span = Math.max(1, t1 - t0);
  const plotW = W - LEFT - RIGHT;
  const x = (t: number) => LEFT + ((t - t0) / span) * plotW;
  const H = TOP + stages.length * ROW + 18;
  const rows = stages.map((s, i) => {
    const end = s.endedAt ?? now;
    const y = TOP + i * ROW;
    const bx = x(s.startedAt);
    const bw = Math.max(2, x(end) - bx);
    // the stall is measured on the node inside the stage; clamp so a coarse clock never draws it outside
    const sw = s.stallMs === null ? 0 : Math.min(bw, Math.max(1.5, (s.stallMs / span) * plotW));
    const stall =
      sw > 0
        ? html`<rect class="stall" x="${r1(bx)}" y="${y + 14}" width="${r1(sw)}" height="5" fill="${COLORS.stall}"><title>stall ${fmtDuration(s.stallMs ?? 0)}</title></rect>`
        : null;
    return html`<g class="stage" data-stage="${s.name}"><text x="${LEFT - 8}" y="${y + 13}" text-anchor="end" font-size="12" fill="${COLORS.ink}">${s.name}</text><rect class="bar" x="${r1(bx)}" y="${y + 3}" width="${r1(bw)}" height="16" rx="3" fill="${STATE_COLORS[s.state] ?? statusColor(s.state)}"><title>${s.name}: ${caption(s, end - s.startedAt)}</title></rect>${stall}<text x="${r1(Math.min(bx + bw + 6, W - RIGHT + 6))}" y="${y + 15}" font-size="11" fill="${COLORS.muted}">${caption(s, end - s.startedAt)}</text></g>`;
  });
  return html`<svg class="chart timeline-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="stage timeline">
<line x1="${LEFT}" x2="${W - RIGHT}" y1="${H - 16}" y2="${H - 16}" stroke="${COLORS.grid}"/>
<text x="${LEFT}" y="${H - 3}" font-size="10" fill="${COLORS.muted}">0</text>
<text x="${W - RIGHT}" y="${H - 3}" text-anchor="end" font-size="10" fill="${COLORS.muted}">${fmtDuration(span)}</text>
${rows}
</svg>`;
}
