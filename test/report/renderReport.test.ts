import { describe, expect, it } from 'vitest';
import type { ReportRecords } from '../../src/report/records';
import { renderReport } from '../../src/report/renderReport';
import { failedEpisode, resolvedEpisode, sampleRecords } from './sampleRecords';

const page = renderReport(sampleRecords());

/** The markup of the section of one episode. */
function section(html: string, id: string): string {
  const m = html.match(new RegExp(`<section class="episode" id="${id}"[\\s\\S]*?</section>`));
  if (!m) throw new Error(`no section ${id}`);
  return m[0];
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('renderReport', () => {
  it('shows hostile record text as text and forbids scripts', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });

  it('needs nothing from the network', () => {
    expect(page).not.toMatch(/(?:src|href)\s*=\s*"(?!#)/);
    expect(page).not.toMatch(/url\(|@import/);
  });

  it('draws free memory per order for each snapshot, with the target order marked', () => {
    const s = section(page, 'ep-resolved');
    // before: free blocks only at orders 0..2; after: at every order 0..10
    expect(count(s, /<rect class="bar" data-series="before" data-order="\d+"/g)).toBe(3);
    expect(count(s, /<rect class="bar" data-series="after drop_caches" data-order="\d+"/g)).toBe(11);
    expect(s).toContain('data-order="10" data-blocks="70"');
    expect(s).toContain('target: order ≥ 4');
    expect(count(s, /height="0"/g)).toBe(0);
  });

  it('draws the unusable index per order as one line per snapshot', () => {
    const s = section(page, 'ep-resolved');
    const lines = [...s.matchAll(/<polyline class="line" points="([^"]+)"/g)].map((m) => m[1]!.split(' '));
    expect(lines.map((l) => l.length)).toEqual([11, 11]);
    expect(s).toContain('after drop_caches, order 4: 0.043');
  });

  it('draws the stage timeline with durations and the stall', () => {
    const s = section(page, 'ep-resolved');
    expect(count(s, /<g class="stage" data-stage="/g)).toBe(3);
    expect(s).toContain('2.50 s · stall 900 ms · done · resolved');
    expect(s).toMatch(/<rect class="stall" [^>]*width="[1-9]/);
  });

  it('lists every decision with its reason, and the measured effect', () => {
    const s = section(page, 'ep-resolved');
    for (const code of ['opened-episode', 'drop_caches', 'effect-resolved', 'target-met'])
      expect(s).toContain(`<td class="mono">${code}</td>`);
    expect(s).toContain('1383 MiB of page cache can be freed');
    expect(s).toContain('Normal 1.000 → 0.043');
    expect(s).toContain('order ≥ 4, node 0 Normal: 0 MiB → 1,136 MiB free, unusable 1.000 → 0.043');
  });

  it('counts verdicts and outcomes across the fleet and lists run decisions', () => {
    const fleet = page.match(/<section class="fleet"[\s\S]*?<\/section>/)?.[0] ?? '';
    expect(fleet).toContain('data-key="fragmented" data-count="1"');
    expect(fleet).toContain('data-key="unknown" data-count="1"');
    expect(fleet).toContain('data-key="resolved" data-count="1"');
    expect(fleet).toContain('data-key="failed" data-count="1"');
    expect(count(fleet, /<tr><td><a href="#ep-/g)).toBe(2);
    expect(fleet).toContain('canary-failed');
  });

  it('renders an episode without any probe, saying so', () => {
    const s = section(page, 'ep-failed');
    expect(s).toContain('No probe of this episode could be read.');
    expect(s).toContain('no trusted probe');
    expect(s).not.toContain('class="chart free-chart"');
  });

  it('renders records it cannot fully read instead of failing', () => {
    const r = resolvedEpisode();
    r.snapshots[0]!.summary = { zones: 'garbage', targetOrder: 'x' };
    r.snapshots[1]!.summary = { zones: [null, { zone: 7 }] };
    r.effects[0]!.effect = { zones: 3 };
    r.stages[1]!.result = null;
    const records: ReportRecords = { ...sampleRecords(), episodes: [r, failedEpisode()] };
    const out = renderReport(records);
    expect(out).toContain('id="ep-resolved"');
    expect(out).toContain('</html>');
  });

  it('says so when the window holds no episode', () => {
    const out = renderReport({ ...sampleRecords(), episodes: [], runDecisions: [] });
    expect(out).toContain('No episode in this window.');
  });
});
