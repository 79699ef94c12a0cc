/** The section of one episode: headline, free memory and indices per zone, stage timeline, effects, decisions. */
import { COLORS, seriesColor, statusColor } from './chartKit';
import type { EpisodeView, SnapshotView, TargetEffect } from './episodeView';
import { fmtClock, fmtDuration, fmtIndex, fmtMiB, fmtTime, pagesToMiB } from './format';
import { freeChart, zoneSeries } from './freeChart';
import { type Html, html } from './html';
import { indexChart, zoneIndexSeries } from './indexChart';
import { timelineChart } from './timelineChart';

/** A coloured status pill. */
export function badge(text: string, title = ''): Html {
  return html`<span class="badge" style="--c:${statusColor(text)}" title="${title}">${text}</span>`;
}

/** `0 → 533 MiB` of free memory in blocks at or above the target order. */
export function targetText(t: TargetEffect | null): string {
  if (!t) return 'no trusted probe';
  const mib = (p: number) => `${fmtMiB(pagesToMiB(p))} MiB`;
  const free = t.after === null ? mib(t.before) : `${mib(t.before)} → ${mib(t.after)}`;
  const idx =
    t.after === null ? fmtIndex(t.indexBefore) : `${fmtIndex(t.indexBefore)} → ${fmtIndex(t.indexAfter)}`;
  return `order ≥ ${t.order}, ${t.zone}: ${free} free, unusable ${idx}`;
}

function zoneKeys(snaps: SnapshotView[]): { node: number; zone: string }[] {
  const seen = new Map<string, { node: number; zone: string }>();
  for (const s of snaps)
    for (const z of s.zones) seen.set(`${z.node}/${z.zone}`, { node: z.node, zone: z.zone });
  return [...seen.values()];
}

function zones(v: EpisodeView): Html {
  const snaps = v.snapshots.filter((s) => s.zones.length > 0);
  if (snaps.length === 0) return html`<p class="empty">No probe of this episode could be read.</p>`;
  const target = snaps[0]?.targetOrder ?? null;
  const legend = snaps.map(
    (s, i) =>
      html`<span class="key"><i style="background:${seriesColor(s.label, i)}"></i>${s.label} <small>${fmtClock(s.takenAt)}${s.trusted ? '' : ' · untrusted'}</small></span>`,
  );
  const cards = zoneKeys(snaps).map(({ node, zone }) => {
    const last = [...snaps].reverse().find((s) => s.zones.some((z) => z.node === node && z.zone === zone));
    const z = last?.zones.find((x) => x.node === node && x.zone === zone);
    return html`<figure class="zone" data-zone="${node}/${zone}"><figcaption><b>node ${node} · ${zone}</b><span>${z ? `${fmtMiB(pagesToMiB(z.freePages))} MiB free now` : ''}</span></figcaption>${freeChart(zoneSeries(snaps, node, zone), target)}${indexChart(zoneIndexSeries(snaps, node, zone), target)}</figure>`;
  });
  return html`<div class="legend">${legend}<span class="key"><i class="tgt"></i>target order</span></div><div class="zones">${cards}</div>`;
}

function effects(v: EpisodeView): Html {
  if (v.effects.length === 0) return html`<p class="empty">No stage effect was measured.</p>`;
  const rows = v.effects.map((e) => {
    const idx = e.zones
      .filter((z) => z.unusableIndexBefore !== z.unusableIndexAfter)
      .map((z) => `${z.zone} ${fmtIndex(z.unusableIndexBefore)} → ${fmtIndex(z.unusableIndexAfter)}`)
      .join(', ');
    const dropped = (e.pageCacheDroppedKb ?? 0) + (e.slabDroppedKb ?? 0);
    return html`<tr><td>${e.stage}</td><td>${badge(e.class)}</td><td class="nw">${e.stallMs === null ? '–' : fmtDuration(e.stallMs)}</td><td class="num">${e.pageCacheDroppedKb === null ? '–' : fmtMiB(dropped / 1024)}</td><td>${idx || '–'}</td><td>${e.reason}</td></tr>`;
  });
  return html`<table><thead><tr><th>stage</th><th>effect</th><th>stall</th><th>cache+slab freed MiB</th><th>unusable index at target</th><th>measured</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function decisions(v: EpisodeView): Html {
  if (v.decisions.length === 0) return html`<p class="empty">No decision recorded.</p>`;
  const rows = v.decisions.map(
    (d) =>
      html`<tr><td class="mono">${fmtClock(d.at)}</td><td class="nw">${d.action}</td><td class="mono">${d.code}</td><td>${d.reason}</td></tr>`,
  );
  return html`<table class="decisions"><thead><tr><th>time (UTC)</th><th>action</th><th>code</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function diagnosis(v: EpisodeView): Html {
  const items = v.snapshots.map(
    (s) =>
      html`<h4>${s.label} · ${fmtClock(s.takenAt)} · ${badge(s.verdict)}${s.trusted ? '' : badge('untrusted')}</h4><ul>${s.problems.map((p) => html`<li class="problem">${p}</li>`)}${s.reasons.map((r) => html`<li>${r}</li>`)}</ul>`,
  );
  return html`<details><summary>What each probe showed (${v.snapshots.length})</summary>${items}</details>`;
}

/** The whole section; `now` closes the bars of stages still running. */
export function episodeSection(v: EpisodeView, now: number): Html {
  const e = v.episode;
  const closed = e.closedAt === null ? '' : ` · closed ${fmtTime(e.closedAt)}`;
  return html`<section class="episode" id="${e.id}" data-episode="${e.id}">
<header><h2>${e.instanceId}</h2>${badge(v.verdict, 'verdict of the first probe')}${badge(v.outcome, 'outcome')}${e.dryRun ? badge('dry-run') : null}
<p class="meta">${e.id} · ${e.trigger} · ${e.runbook} · opened ${fmtTime(e.createdAt)}${closed}${e.runId ? ` · run ${e.runId}` : ''}</p>
<p class="meta">opened because: ${e.reason}</p></header>
<p class="reason">${v.reason}</p>
<p class="target">${targetText(v.target)}</p>
<h3>Free memory by order, per zone</h3>${zones(v)}
<h3>Stages</h3><div class="legend"><span class="key"><i style="background:#0f766e"></i>stage (engine time, incl. the executor round trip)</span><span class="key"><i style="background:${COLORS.stall}"></i>stall the workload saw on the node</span></div>${timelineChart(v.stages, now)}
<h3>Effects</h3>${effects(v)}
<h3>Decisions</h3>${decisions(v)}
${diagnosis(v)}
</section>`;
}
