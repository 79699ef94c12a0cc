/** Renders the fleet sweep results as markdown: figures per size, per-run ratios, targets. */
import { type MachineFacts, machineMarkdown } from '../lib/machine';
import { table, verdict } from '../lib/markdown';
import { median, medianRange } from '../lib/stats';
import type { FleetBenchOptions, FleetRun } from './fleetSweep';

const s = (ms: number) => (ms / 1000).toFixed(1);
const x = (n: number) => `${n.toFixed(n >= 10 ? 0 : 2)}×`;
const n0 = (n: number) => n.toFixed(0);
const mib = (n: number) => n.toFixed(0);

type Pick = (f: (r: FleetRun) => number, fmt?: (n: number) => string) => string;

/** The side-by-side rows: sweeper, naive loop, lower bound, ratios. */
function figureRows(size: number, sample: number, pick: Pick): string[][] {
  return [
    [
      'TAT API calls (counted by the emulator)',
      pick((r) => r.sweep.totalCalls),
      `${pick((r) => r.naiveCallsAtSize)} ¹`,
      pick((r) => r.bound.calls),
      `naive/sweeper ${pick((r) => r.naiveCallsAtSize / r.sweep.totalCalls, x)}; sweeper/bound ${pick((r) => r.sweep.totalCalls / r.bound.calls, x)}`,
    ],
    [
      'wall time, s',
      pick((r) => r.sweep.answer.wallMs, s),
      `${pick((r) => r.naiveWallMsAtSize, s)} ¹`,
      pick((r) => r.bound.wallMs, s),
      `sweeper/bound ${pick((r) => r.sweep.answer.wallMs / r.bound.wallMs, x)}; naive/sweeper ${pick((r) => r.naiveWallMsAtSize / r.sweep.answer.wallMs, x)}`,
    ],
    [
      'RequestLimitExceeded answers received',
      pick((r) => r.sweep.throttledAnswers),
      `${pick((r) => r.naive.throttledAnswers)} (on ${sample})`,
      '0',
      '',
    ],
    [
      'throttling errors surfaced to the user',
      pick((r) => r.sweep.answer.surfacedThrottles),
      pick((r) => r.naive.answer.surfacedThrottles),
      '0',
      '',
    ],
    [
      'instances with a complete probe report',
      pick((r) => r.sweep.answer.completeOutputs),
      `${pick((r) => r.naive.answer.completeOutputs)} (of ${sample})`,
      n0(size),
      '',
    ],
    [
      'peak RSS of the sweeping process, MiB',
      pick((r) => r.sweep.answer.maxRssMiB, mib),
      pick((r) => r.naive.answer.maxRssMiB, mib),
      '',
      '',
    ],
  ];
}

/** Where the sweeper's time went, and whether the emulator kept up. */
function phaseRows(pick: Pick): string[][] {
  return [
    ['start → first RunCommand sent (its agent check)', pick((r) => r.sweep.answer.firstRunMs ?? 0, s)],
    [
      'first RunCommand sent → last answered (agent checks and reads overlap it)',
      pick((r) => (r.sweep.answer.lastRunMs ?? 0) - (r.sweep.answer.firstRunMs ?? 0), s),
    ],
    [
      'last RunCommand answered → all results (its command time and its read)',
      pick((r) => r.sweep.answer.wallMs - (r.sweep.answer.lastRunMs ?? 0), s),
    ],
    [
      'slowest node command time (RunCommand accepted → task final)',
      pick((r) => r.sweep.slowestCommandMs, s),
    ],
    ['rate-limit floor of the lower bound', pick((r) => r.bound.rateFloorMs, s)],
    ['emulator event-loop delay during the sweep, p99 (ms)', pick((r) => r.sweep.emulatorLagMs.p99, n0)],
    ['emulator event-loop delay during the sweep, max (ms)', pick((r) => r.sweep.emulatorLagMs.max, n0)],
  ];
}

/** The bench-only pipelined sweeper beside the executor: what overlapping the phases would buy. */
function referenceSection(pick: Pick): string {
  const ref = (r: FleetRun) => r.reference!;
  const rows = [
    ['TAT API calls', pick((r) => ref(r).side.totalCalls)],
    ['wall time, s', pick((r) => ref(r).side.answer.wallMs, s)],
    ['wall ÷ its own lower bound', pick((r) => ref(r).side.answer.wallMs / ref(r).bound.wallMs, x)],
    [
      'executor wall ÷ reference wall (same run)',
      pick((r) => r.sweep.answer.wallMs / ref(r).side.answer.wallMs, x),
    ],
    ['RequestLimitExceeded answers received (retried)', pick((r) => ref(r).side.throttledAnswers)],
    ['throttling errors surfaced', pick((r) => ref(r).side.answer.surfacedThrottles)],
    ['instances with a complete probe report', pick((r) => ref(r).side.answer.completeOutputs)],
    ['peak RSS, MiB', pick((r) => ref(r).side.answer.maxRssMiB, mib)],
    ['emulator event-loop delay p99, ms', pick((r) => ref(r).side.emulatorLagMs.p99, n0)],
  ];
  return [
    'Reference, not the product: `bench/fleet/pipelinedSweep.ts` sends every RunCommand and page request at once, paced only by the same client limiter, polls early batches while later ones are sent, and skips the agent pre-check (RunCommand refuses offline agents itself). Same emulator settings, same run.',
    '',
    table(['pipelined reference sweeper', 'value'], rows),
  ].join('\n');
}

function sizeSection(size: number, runs: FleetRun[], opts: FleetBenchOptions): string {
  const pick: Pick = (f, fmt) => medianRange(runs.map(f), fmt);
  const sample = runs[0]?.naive.nodes ?? 0;
  const rows = figureRows(size, sample, pick);
  const phases = phaseRows(pick);
  const actions = [...new Set(runs.flatMap((r) => Object.keys(r.sweep.serverCalls)))].sort();
  const perAction = actions.map((a) => [a, pick((r) => r.sweep.serverCalls[a] ?? 0)]);
  return [
    `### ${size.toLocaleString('en-US')} nodes (${runs.length} runs; median (min–max))`,
    '',
    table(
      ['figure', 'sweeper (TatExecutor)', 'naive loop', 'lower bound', 'ratios (per run, then median)'],
      rows,
    ),
    '',
    `¹ The naive loop ran on ${sample} of the instances in the same run (pool ${opts.naivePool}, poll every ${opts.naivePollMs} ms); its calls and time per instance do not depend on the fleet size, so both are scaled by ${n0(size / Math.max(1, sample))}.`,
    '',
    table(['sweeper phase', 'seconds'], phases),
    '',
    table(['sweeper calls per action', 'count'], perAction),
    ...(runs.every((r) => r.reference) ? ['', referenceSection(pick)] : []),
  ].join('\n');
}

/** Why the wall time is what it is: each phase's calls and the request rate it reached (20/s allowed). */
function analysis(runs: FleetRun[], opts: FleetBenchOptions): string {
  const size = Math.max(...runs.map((r) => r.size));
  const big = runs.filter((r) => r.size === size);
  const m = (f: (r: FleetRun) => number) => median(big.map(f));
  const agents = m((r) => r.sweep.answer.firstRunMs ?? 0);
  const dispatch = m((r) => (r.sweep.answer.lastRunMs ?? 0) - (r.sweep.answer.firstRunMs ?? 0));
  const polling = m((r) => r.sweep.answer.wallMs - (r.sweep.answer.lastRunMs ?? 0));
  const calls = (a: string) => m((r) => r.sweep.serverCalls[a] ?? 0);
  const rate = (n: number, ms: number) => (ms > 0 ? ((n / ms) * 1000).toFixed(1) : 'n/a');
  const agentCalls = calls('DescribeAutomationAgentStatus');
  const runCalls = calls('RunCommand');
  const pollCalls = calls('DescribeInvocationTasks');
  const floor = (n: number) => (n / 20) * 1000;
  return [
    `At ${n0(size)} nodes the executor overlaps its three actions, each paced by the client limiter (20/s; the limits are independent):`,
    '',
    `- agent pre-check: ${n0(agentCalls)} DescribeAutomationAgentStatus calls (not in the lower bound; at 20/s they take at least ${s(floor(agentCalls))} s, and a batch is sent once its agents are known)`,
    `- dispatch: ${n0(runCalls)} RunCommand calls, the first sent ${s(agents)} s after the start, the last answered ${s(dispatch)} s later = ${rate(runCalls, dispatch)} requests/s`,
    `- reads: ${n0(pollCalls)} DescribeInvocationTasks pages, from while batches are still being sent; the last batch's results came ${s(polling)} s after its RunCommand was answered (slowest command ${s(m((r) => r.sweep.slowestCommandMs))} s)`,
    '',
    m((r) => r.sweep.answer.wallMs / r.bound.wallMs) <= 1.2
      ? 'The wall time is within 1.2× of the lower bound.'
      : `The wall time is over 1.2× of the lower bound: the agent pre-check (not in the bound) sets when the last batch can be sent; beyond it, answers slowed by the emulator's own lag (event-loop delay p99 ${n0(m((r) => r.sweep.emulatorLagMs.p99))} ms) and retried throttles (${n0(m((r) => r.sweep.throttledAnswers))}) on this shared 2-core machine. The API delay is ${opts.apiLatencyMs} ms.`,
  ].join('\n');
}

function targets(runs: FleetRun[]): string {
  const big = runs.filter((r) => r.size === Math.max(...runs.map((q) => q.size)));
  const callRatio = median(big.map((r) => r.naiveCallsAtSize / r.sweep.totalCalls));
  const rows = [...new Set(runs.map((r) => r.size))].map((size) => {
    const rs = runs.filter((r) => r.size === size);
    const wall = median(rs.map((r) => r.sweep.answer.wallMs / r.bound.wallMs));
    const surfaced = Math.max(...rs.map((r) => r.sweep.answer.surfacedThrottles));
    const rss = Math.max(...rs.map((r) => r.sweep.answer.maxRssMiB));
    return [
      n0(size),
      `${x(wall)} → ${verdict(wall <= 1.2)}`,
      `${surfaced} → ${verdict(surfaced === 0)}`,
      `${mib(rss)} MiB → ${verdict(rss < 512)}`,
    ];
  });
  return [
    `- ≥ 100× fewer API calls than the naive loop at ${n0(big[0]?.size ?? 0)} nodes: ${x(callRatio)} → ${verdict(callRatio >= 100)}`,
    '',
    table(
      [
        'nodes',
        'wall ≤ 1.2× lower bound',
        'zero throttling errors surfaced',
        'peak RSS < 512 MB (max of runs)',
      ],
      rows,
    ),
  ].join('\n');
}

/** The whole results file. */
export function fleetMarkdown(
  runs: FleetRun[],
  opts: FleetBenchOptions,
  machine: MachineFacts,
  command: string,
): string {
  const sizes = [...new Set(runs.map((r) => r.size))];
  return [
    '# Fleet sweep benchmark',
    '',
    "The probe phase of a fleet sweep, `createTatExecutor(...).run(renderCommand('probe', {pagetypeinfo: true}), allInstanceIds, {timeoutSeconds: 60})`, through the real SDK against the TAT emulator over loopback HTTP, beside the naive loop (one RunCommand with one instance, then one poll loop, per instance). Each side runs in its own child process (peak RSS is its own); the emulator runs in the parent.",
    '',
    `Command: \`${command}\``,
    '',
    '## Machine',
    '',
    machineMarkdown(machine),
    '',
    '## Settings',
    '',
    `- every API answer delayed ${opts.apiLatencyMs} ms (emulator fault \`slowApiMs\` on every node); per-API rate limit 20 requests/s in the emulator; the sweeper and the naive loop both use the project's client-side limiter (20/s per action) and retry policy`,
    `- every task: PENDING ${opts.pendingMs} ms, DELIVERING ${opts.deliveringMs} ms, then the probe (answered in process, byte-identical to probe.sh); each node shape serves one real kernel-model snapshot (\`bench/fleet/frozenKernel.ts\`) so the emulator's own CPU does not dominate`,
    `- sweeper poll interval ${opts.pollIntervalMs.min}–${opts.pollIntervalMs.max} ms (the executor's defaults are 500–5000 ms)`,
    '- lower bound, calls: ⌈N/200⌉ RunCommand + ⌈N/100⌉ DescribeInvocationTasks pages (one poll); no agent pre-check',
    `- lower bound, wall: slowest node's command time (measured in the emulator) + one poll interval (${opts.pollIntervalMs.min} ms) + the rate-limit floor (the busiest API's minimum calls at 20/s: per-API limits are independent, so reading early batches can overlap sending later ones). The poll-interval term makes it a practical floor rather than a strict one: a read that happens to land just after the last task finishes can beat it slightly`,
    '',
    '## Targets',
    '',
    targets(runs),
    '',
    '## Analysis',
    '',
    analysis(runs, opts),
    '',
    '## Figures',
    '',
    ...sizes.map(
      (size) =>
        `${sizeSection(
          size,
          runs.filter((r) => r.size === size),
          opts,
        )}\n`,
    ),
  ].join('\n');
}
