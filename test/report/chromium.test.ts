/**
 * The report in real headless Chromium (Debian's `chromium`): the page renders, the SVG charts have data in
 * the rendered DOM and in the pixels of a screenshot. MEMFRAG_UPDATE_SCREENSHOT=1 also copies the screenshot
 * to docs/report-screenshot.png.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/openStore';
import { COLORS, seriesColor } from '../../src/report/chartKit';
import { loadReport } from '../../src/report/loadReport';
import { renderReport } from '../../src/report/renderReport';
import { countColor, readPng } from './png';
import { type Seeded, seedStore } from './seedStore';

const CHROMIUM = '/usr/bin/chromium';
const HAVE = existsSync(CHROMIUM);
const DOCS_SHOT = new URL('../../docs/report-screenshot.png', import.meta.url).pathname;
const run = promisify(execFile);

let dir: string;
let seeded: Seeded;
let page: string;

/** Runs Chromium headless on the report with a fresh profile; resolves to stdout. */
async function chromium(...args: string[]): Promise<string> {
  const profile = mkdtempSync(join(dir, 'profile-'));
  const { stdout } = await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...args,
      `file://${page}`,
    ],
    { timeout: 90_000, maxBuffer: 64 * 2 ** 20, env: { ...process.env, HOME: profile } },
  );
  return stdout;
}

beforeAll(async () => {
  if (!HAVE) return;
  dir = mkdtempSync(join(tmpdir(), 'memfrag-chromium-'));
  seeded = await seedStore();
  const store = await openStore({ home: seeded.home });
  try {
    page = join(dir, 'report.html');
    writeFileSync(page, renderReport(await loadReport(store, { now: Date.now() })));
  } finally {
    await store.close();
  }
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  seeded?.cleanup();
});

const title = HAVE
  ? 'the report in headless Chromium'
  : `the report in headless Chromium (skipped: ${CHROMIUM} is missing)`;

describe.skipIf(!HAVE)(title, () => {
  it('renders a DOM with every episode and SVG charts that have data', async () => {
    const dom = await chromium('--dump-dom');
    expect(dom).toContain('memfrag');
    for (const e of seeded.run.episodes) expect(dom).toContain(`id="${e.episodeId}"`);
    const bars = [...dom.matchAll(/<rect class="bar"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(bars.filter((h) => h > 0).length).toBeGreaterThan(100);
    expect((dom.match(/<svg class="chart free-chart"/g) ?? []).length).toBeGreaterThanOrEqual(
      seeded.run.episodes.length,
    );
    expect(dom).toMatch(/<polyline class="line" points="[\d., ]{20,}"/);
    // the alarm text with markup stayed text: no element came from it
    expect(dom).not.toMatch(/<script|<img/i);
    expect(dom).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
  }, 120_000);

  it('takes a screenshot in which the charts are drawn', async () => {
    const shot = join(dir, 'report.png');
    await chromium(`--screenshot=${shot}`, '--window-size=1280,2000');
    const img = readPng(readFileSync(shot));
    expect([img.width, img.height]).toEqual([1280, 2000]);
    // bars of the three snapshot series and the target band are on screen, in their own colours
    for (const color of [
      seriesColor('before', 0),
      seriesColor('after drop_caches', 1),
      seriesColor('after compaction', 2),
    ])
      expect(countColor(img, color)).toBeGreaterThan(200);
    expect(countColor(img, COLORS.stall)).toBeGreaterThan(20);
    if (process.env.MEMFRAG_UPDATE_SCREENSHOT === '1') copyFileSync(shot, DOCS_SHOT);
  }, 120_000);
});
