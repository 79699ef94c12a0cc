/** The fleet overview: verdict and outcome distributions, one row per episode, and run-level decisions. */
import type { Decision } from '../ports';
import { barList, countBy } from './barList';
import { badge, targetText } from './episodeSection';
import type { EpisodeView } from './episodeView';
import { fmtTime } from './format';
import { type Html, html } from './html';

function tile(label: string, value: number, cls = ''): Html {
  return html`<div class="tile ${cls}"><b>${value}</b><span>${label}</span></div>`;
}

function tiles(views: EpisodeView[]): Html {
  const n = (o: string[]) => views.filter((v) => o.includes(v.outcome)).length;
  const acted = views.filter((v) => v.stages.some((s) => s.name !== 'probe' && s.name !== 'reprobe')).length;
  const nodes = new Set(views.map((v) => v.episode.instanceId)).size;
  return html`<div class="tiles">${tile('episodes', views.length)}${tile('nodes', nodes)}${tile('remediated', acted)}${tile('resolved or improved', n(['resolved', 'improved']), 'good')}${tile('no effect', n(['no-effect']))}${tile('failed or regressed', n(['failed', 'regressed']), 'bad')}</div>`;
}

function episodeRows(views: EpisodeView[]): Html {
  const rows = views.map((v) => {
    const stages = v.stages.filter((s) => s.name !== 'probe' && s.name !== 'reprobe').map((s) => s.name);
    return html`<tr><td><a href="#${v.episode.id}">${v.episode.instanceId}</a></td><td>${badge(v.verdict)}</td><td>${stages.length ? stages.map((n, i) => html`${i ? ' → ' : ''}<span class="nw">${n}</span>`) : '–'}</td><td>${targetText(v.target)}</td><td>${badge(v.outcome)}</td><td>${v.reason}</td></tr>`;
  });
  return html`<table class="episodes"><thead><tr><th>node</th><th>verdict</th><th>stages</th><th>effect at target order (before → after)</th><th>outcome</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function runDecisionRows(decisions: Decision[]): Html {
  if (decisions.length === 0) return html``;
  const rows = decisions.map(
    (d) =>
      html`<tr><td class="mono">${fmtTime(d.at)}</td><td class="mono">${d.runId ?? '–'}</td><td>${d.action}</td><td class="mono">${d.code}</td><td>${d.reason}</td></tr>`,
  );
  return html`<h3>Fleet run decisions</h3><table class="decisions"><thead><tr><th>time</th><th>run</th><th>action</th><th>code</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The fleet section over every episode in the report. */
export function fleetSection(views: EpisodeView[], runDecisions: Decision[]): Html {
  if (views.length === 0) {
    return html`<section class="fleet" id="fleet"><h2>Fleet</h2><p class="empty">No episode in this window.</p>${runDecisionRows(runDecisions)}</section>`;
  }
  return html`<section class="fleet" id="fleet"><h2>Fleet</h2>${tiles(views)}
<div class="dists"><figure><figcaption>Verdicts (first probe)</figcaption>${barList('verdicts', countBy(views.map((v) => v.verdict)))}</figure>
<figure><figcaption>Outcomes</figcaption>${barList('outcomes', countBy(views.map((v) => v.outcome)))}</figure></div>
<h3>Episodes</h3>${episodeRows(views)}${runDecisionRows(runDecisions)}</section>`;
}
