/** Renders the cold-start results as markdown: sizes, times per function and Node version, targets. */
import { type MachineFacts, machineMarkdown } from '../lib/machine';
import { table, verdict } from '../lib/markdown';
import { median, medianRange } from '../lib/stats';
import type { ColdRow, ColdSample, ColdStartResult } from './coldStart';

const MB = 1024 * 1024;
const f0 = (n: number) => n.toFixed(0);
const x = (n: number) => `${n.toFixed(1)}×`;
const first = (s: ColdSample) => s.requireMs + s.invokeMs;

/** Whole-SDK first invocation ÷ bundle first invocation, per side-by-side pair. */
export function pairRatios(row: ColdRow): number[] {
  return row.bundle.map((b, i) => first(row.wholeSdk[i] ?? b) / first(b));
}

function resultText(samples: ColdSample[]): string {
  const r = samples[0]?.result ?? {};
  return String(r.statusCode ?? r.error ?? r.answer ?? '')
    .replace(/\|/g, '/')
    .slice(0, 60);
}

function rowCells(row: ColdRow): string[] {
  const b = row.bundle;
  const w = row.wholeSdk;
  return [
    row.fn,
    row.node,
    medianRange(
      b.map((s) => s.requireMs),
      f0,
    ),
    medianRange(b.map(first), f0),
    medianRange(
      b.map((s) => s.wallMs),
      f0,
    ),
    medianRange(
      w.map((s) => s.requireMs),
      f0,
    ),
    medianRange(w.map(first), f0),
    medianRange(
      w.map((s) => s.wallMs),
      f0,
    ),
    `${medianRange(pairRatios(row), x)}`,
    resultText(b),
  ];
}

function contentsSection(c: NonNullable<ColdStartResult['contents']>, res: ColdStartResult): string {
  const total = c.packages.reduce((a, [, b]) => a + b, 0);
  const top = c.packages.slice(0, 4).map(([p, b]) => `${p} ${(b / 1024).toFixed(0)} KiB`);
  const ratios = res.rows.map((r) => median(pairRatios(r)));
  const slowest = Math.min(...ratios);
  return [
    `The ten largest parts hold ${(total / 1024).toFixed(0)} KiB; ${top.join(', ')} lead. Require time grows with the code parsed and run at load. The whole-SDK handler is ${x(slowest)}–${x(Math.max(...ratios))} slower (medians per function and Node version); each pair's range is wide because this 2-core machine is shared, so a median near 5× can land on either side of the target from one run to the next.`,
    '',
    `What fills the \`${c.fn}\` bundle (esbuild metafile of the same entry, bytes in the minified output):`,
    '',
    table(
      ['package or folder', 'KiB'],
      c.packages.map(([p, b]) => [p, (b / 1024).toFixed(0)]),
    ),
  ].join('\n');
}

/** The whole results file. */
export function coldStartMarkdown(
  res: ColdStartResult,
  runs: number,
  machine: MachineFacts,
  command: string,
): string {
  const sizeRows = Object.entries(res.sizes).map(([fn, bytes]) => [
    fn,
    `${(bytes / 1024).toFixed(0)} KiB`,
    `${bytes < MB ? 'met' : '**MISSED**'} (${(bytes / MB).toFixed(2)} MiB)`,
  ]);
  const targetRows = res.rows.map((row) => {
    const ratio = median(pairRatios(row));
    return [row.fn, row.node, `${x(ratio)} → ${verdict(ratio >= 5)}`];
  });
  return [
    '# Cold-start benchmark',
    '',
    "Each function bundle built by `buildFunctions` (esbuild, node18, cjs, minified) against a handler that does `require('tencentcloud-sdk-nodejs')` (unbundled, from node_modules, as a function shipping the SDK would), builds a TAT client and answers the same event. Every sample is a fresh process running `bench/coldStart/invokeOnce.cjs`: it times `require(handler)` and the first `main_handler(event, context)` call; the bundle and the whole-SDK handler alternate, and the ratio is taken per pair.",
    '',
    `Command: \`${command}\``,
    '',
    '## Machine',
    '',
    machineMarkdown(machine),
    '',
    '## Events (answered without any service; `bench/coldStart/events.ts`)',
    '',
    '- alarm: a Cloud Monitor callback without the token → 401 (config read, body parsed, auth refused)',
    '- invoke: an unsigned GET → 401',
    '- sweep: a timer event → the app is built and finds PostgreSQL (127.0.0.1:1) refusing',
    '- worker: an empty payload → `{ok:false}` (validation)',
    '',
    '## Targets',
    '',
    table(['bundle', 'size', 'under 1 MB'], sizeRows),
    '',
    table(
      [
        'function',
        'node',
        'first invocation ≥ 5× faster than the whole-SDK handler (median of per-pair ratios)',
      ],
      targetRows,
    ),
    ...(res.contents ? ['', '## Analysis', '', contentsSection(res.contents, res)] : []),
    ...(res.skipped.length > 0 ? ['', ...res.skipped.map((s) => `- skipped: ${s}`)] : []),
    '',
    `## Figures (ms, ${runs} pairs each; median (min–max))`,
    '',
    '"first" = require + first invocation, in process; "process" = spawn to exit, Node start-up included.',
    '',
    table(
      [
        'function',
        'node',
        'bundle require',
        'bundle first',
        'bundle process',
        'whole-SDK require',
        'whole-SDK first',
        'whole-SDK process',
        'whole/bundle (first)',
        'bundle answered',
      ],
      res.rows.map(rowCells),
    ),
  ].join('\n');
}
