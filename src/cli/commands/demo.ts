/**
 * `memfrag demo` (what `npm start` runs): starts the TAT emulator with a mixed fleet, sweeps it through the
 * real SDK with the embedded SQLite store, shows progress, and ends with a summary table and every decision
 * not to act. No credentials, no network; the records stay for `memfrag history` and `memfrag report`.
 */
import { Command } from 'commander';
import { createTatExecutor } from '../../adapters/tat/tatExecutor';
import { createApp } from '../../app/createApp';
import { loadConfig } from '../../config';
import type { FleetSpec } from '../../emulator/fleetSpec';
import { startEmulator } from '../../emulator/startEmulator';
import { engineConfig } from '../../engine/config';
import { createEngine } from '../../engine/createEngine';
import type { EpisodeReport } from '../../engine/types';
import type { Decision, Store } from '../../ports';
import { systemClock } from '../../ports';
import type { RemediationRequest } from '../../triggers/request';
import { type StoreFlags, storeFrom, withStoreOptions } from '../storeOptions';
import { table } from './history';

/** The demo fleet: every state the product must tell apart, and the faults it must survive. */
export const DEMO_FLEET: FleetSpec = {
  groups: [
    { count: 3, prefix: 'web', state: 'healthy' },
    { count: 2, prefix: 'cache', state: 'pagecache' },
    { count: 1, prefix: 'numa-cache', state: 'pagecache', numaNodes: 2, memoryMiB: 4096 },
    { count: 2, prefix: 'batch', state: 'anonymous' },
    { count: 1, prefix: 'tke-old', state: 'anonymous', kernel: '3.10' },
    { count: 1, prefix: 'pinned', state: 'unmovable' },
    { count: 1, prefix: 'tight', state: 'low-memory' },
    { count: 1, prefix: 'lost', state: 'healthy', faults: { agent: 'offline' } },
    { count: 1, prefix: 'off', state: 'healthy', faults: { instanceState: 'STOPPED' } },
  ],
};

const MIB_PER_PAGE = 4096 / 2 ** 20;

/** Free MiB in blocks of the target order or larger, from a snapshot summary (the 16 MiB DMA zone aside). */
function mibAtTarget(summary: Record<string, unknown> | undefined): number | null {
  const zones = (summary?.zones as { zone?: string; freePagesAtOrAbove?: number }[] | undefined)?.filter(
    (z) => z.zone !== 'DMA',
  );
  if (!zones || zones.length === 0) return null;
  return zones.reduce((s, z) => s + (z.freePagesAtOrAbove ?? 0), 0) * MIB_PER_PAGE;
}

async function effectOf(store: Store, episodeId: string | null): Promise<{ first: string; effect: string }> {
  if (!episodeId) return { first: '-', effect: '-' };
  const snaps = (await store.listSnapshots({ episodeId })).sort((a, b) => a.takenAt - b.takenAt);
  const first = snaps[0];
  const last = snaps[snaps.length - 1];
  const before = mibAtTarget(first?.summary);
  const after = mibAtTarget(last?.summary);
  const verdict = String(first?.summary.verdict ?? '-');
  if (before === null) return { first: verdict, effect: '-' };
  const fmt = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} MiB`;
  return {
    first: verdict,
    effect: snaps.length > 1 && after !== null ? `${fmt(before)} -> ${fmt(after)}` : fmt(before),
  };
}

/** Progress on a terminal (one redrawn bar) or as plain lines elsewhere. */
function progressReporter(total: number, tty: boolean) {
  const closed = new Set<string>();
  let last = '';
  const draw = () => {
    const width = 30;
    const filled = Math.round((closed.size / Math.max(1, total)) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${closed.size}/${total} nodes`;
    process.stderr.write(`\r\u001b[2K${bar}  ${last.slice(0, 70)}`);
  };
  return {
    event(instanceId: string | undefined, code: string, reason: string, final: boolean) {
      if (final && instanceId) closed.add(instanceId);
      last = `${instanceId ?? 'run'}: ${reason}`;
      if (tty) draw();
      else process.stderr.write(`  ${instanceId ?? 'run'} ${code}: ${reason}\n`);
    },
    done() {
      if (tty) process.stderr.write('\r\u001b[2K');
    },
  };
}

// decisions after which a node has nothing more to do in this run
const FINAL_CODES = new Set([
  'healthy',
  'resolved',
  'target-met',
  'no-effect',
  'regressed',
  'failed',
  'node-unreachable',
  'evidence-untrusted',
  'compaction-cannot-help',
  'memory-exhausted',
  'closed',
]);

function notActing(decisions: Decision[]): string[][] {
  // a stop because the target was met is the runbook finishing, not a decision not to act
  const skips = decisions.filter(
    (d) => (d.action === 'skip' || d.action === 'stop') && d.code !== 'target-met',
  );
  return [['NODE', 'DECISION', 'WHY'], ...skips.map((d) => [d.instanceId ?? 'run', d.code, d.reason])];
}

interface DemoFlags extends StoreFlags {
  json?: boolean;
}

async function demo(flags: DemoFlags): Promise<void> {
  const started = Date.now();
  const seed = started % 1_000_000;
  const emulator = await startEmulator({ port: 0, fleet: DEMO_FLEET, seed });
  process.stderr.write(
    `memfrag demo: TAT emulator with a mixed fleet of ${emulator.instanceIds.length} nodes\n`,
  );
  const store = await storeFrom(flags);
  const tty = process.stderr.isTTY === true && !flags.json;
  const progress = progressReporter(emulator.instanceIds.length, tty);
  try {
    const config = loadConfig();
    const engine = createEngine({
      store,
      executor: createTatExecutor({
        region: emulator.region,
        endpoint: emulator.endpoint,
        credentials: { secretId: emulator.secretId, secretKey: emulator.secretKey },
      }),
      clock: systemClock,
      config: engineConfig({ maxConcurrentCompactions: config.maxConcurrentCompactions }),
      log: {
        info: (obj, msg) => {
          const o = obj as { instanceId?: string; code?: string };
          progress.event(o.instanceId, o.code ?? '', msg ?? '', FINAL_CODES.has(o.code ?? ''));
        },
        warn: (obj, msg) =>
          progress.event((obj as { instanceId?: string }).instanceId, 'warn', msg ?? '', false),
      },
    });
    const app = createApp({ engine, store, clock: systemClock });
    process.stderr.write(
      `sweeping ${emulator.instanceIds.length} nodes through the real SDK at ${emulator.endpoint}\n`,
    );
    const request: RemediationRequest = {
      source: 'sweep',
      firing: true,
      nodes: emulator.instanceIds.map((instanceId) => ({ kind: 'instance', instanceId })),
      runbook: 'fragmentation',
      reason: 'demo sweep of the emulated fleet',
      dedupKey: `demo:${started}`,
      dryRun: false,
      params: {},
    };
    const result = await app.remediate(request, { budgets: { maxErrors: 10 } });
    progress.done();
    await printSummary(
      store,
      emulator.instanceIds,
      result.episodes,
      result.decisions,
      flags,
      Date.now() - started,
    );
  } finally {
    await store.close();
    await emulator.close();
  }
}

async function printSummary(
  store: Store,
  ids: string[],
  episodes: EpisodeReport[],
  runDecisions: Decision[],
  flags: DemoFlags,
  ms: number,
): Promise<void> {
  const rows: string[][] = [['NODE', 'VERDICT', 'STAGES', 'FREE AT TARGET ORDER', 'OUTCOME']];
  const json: unknown[] = [];
  const decisions: Decision[] = [...runDecisions];
  for (const e of episodes) {
    const { first, effect } = await effectOf(store, e.episodeId);
    const stages = e.stages.filter((s) => s.name !== 'probe' && s.name !== 'reprobe');
    const stageText = stages.map((s) => `${s.name}${s.effect ? `(${s.effect})` : ''}`).join(' > ') || '-';
    rows.push([
      e.instanceId,
      first === '-' ? (e.verdict ?? '-') : first,
      stageText,
      effect,
      e.outcome ?? e.state ?? '-',
    ]);
    json.push({ ...e, initialVerdict: first, effect });
    decisions.push(...e.decisions);
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ episodes: json, seconds: ms / 1000 }, null, 2)}\n`);
    return;
  }
  const out = [
    '',
    `Swept ${ids.length} nodes in ${(ms / 1000).toFixed(1)} s.`,
    '',
    table(rows),
    '',
    'Decisions not to act, and why:',
    table(notActing(decisions)),
    '',
    'Look back: memfrag history, memfrag show <episode>, memfrag report --out report.html',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

/** `memfrag demo`. */
export function demoCommand(): Command {
  const cmd = new Command('demo')
    .description('sweep an emulated mixed fleet through the real SDK (no credentials, no network)')
    .option('--json', 'the episodes as JSON')
    .addHelpText('after', '\nExample:\n  npm start            # the same as: memfrag demo');
  return withStoreOptions(cmd).action(demo);
}
