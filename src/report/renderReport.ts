/**
 * Renders a report as one self-contained HTML page: inline CSS, inline SVG charts drawn here on the server,
 * no script and a Content-Security-Policy that forbids any, so it opens offline and record text cannot run.
 */

import { episodeSection } from './episodeSection';
import { type EpisodeView, episodeView } from './episodeView';
import { fleetSection } from './fleetSection';
import { fmtTime } from './format';
import { html, raw } from './html';
import type { ReportRecords } from './records';
import { REPORT_CSS } from './reportStyle';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The episode views of a report, in the report's order. */
export function reportViews(records: ReportRecords): EpisodeView[] {
  return records.episodes.map(episodeView);
}

/** The page. */
export function renderReport(records: ReportRecords): string {
  const views = reportViews(records);
  const omitted = records.omitted
    ? html`<p class="meta">${records.omitted} older episodes in this window are not shown.</p>`
    : null;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>memfrag report · ${records.scope}</title>
<style>${raw(REPORT_CSS)}</style></head>
<body><header class="top"><h1><span>memfrag</span> remediation report</h1><p>${records.scope}</p><p>generated ${fmtTime(records.generatedAt)}</p></header>
<main>${omitted}${fleetSection(views, records.runDecisions)}
${views.map((v) => episodeSection(v, records.generatedAt))}
</main></body></html>
`;
  return page.value;
}
