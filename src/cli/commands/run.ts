/**
 * `memfrag run`: runs a runbook on this host or on instances through TAT, with the engine's gates and
 * records. `memfrag approve`: approves a compaction waiting for an operator. Exit 0 whenever the run itself
 * completed, whatever the nodes' outcomes (see `--json` for them).
 */
import { Command, InvalidArgumentError } from 'commander';
import { createTargetResolver } from '../../adapters/cloud/targetResolver';
import { LOCAL_INSTANCE_ID } from '../../adapters/local/localExecutor';
import { type App, createApp } from '../../app/createApp';
import { loadConfig } from '../../config';
import { engineConfig } from '../../engine/config';
import { createEngine } from '../../engine/createEngine';
import type { EpisodeReport } from '../../engine/types';
import { InputError } from '../../errors';
import { Outcome, systemClock } from '../../ports';
import { fromManual } from '../../triggers/manual';
import { executorFor, type TatFlags, tatOptions, withTatOptions } from '../executorOptions';
import { FailOn, parseFailOn } from '../runProgram';
import { type StoreFlags, storeFrom, withStoreOptions } from '../storeOptions';
import { table } from './history';

interface RunFlags extends TatFlags, StoreFlags {
  runbook: string;
  local?: boolean;
  instance?: string[];
  allInstances?: boolean;
  dryRun?: boolean;
  stages?: string;
  approve?: boolean;
  order?: string;
  dropCachesMode?: string;
  sync?: boolean;
  compactScope?: string;
  reason: string;
  maxConcurrentCompactions?: string;
  canary?: string;
  maxErrors?: string;
  json?: boolean;
  failOn?: string;
}

function intFlag(name: string, min: number, max: number) {
  return (v: string): string => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    }
    return v;
  };
}

/** The engine behind the app, over the store and the executor the flags name. */
async function appFor(flags: RunFlags, local: boolean, progress: (line: string) => void) {
  const config = loadConfig();
  const store = await storeFrom(flags);
  const engine = createEngine({
    store,
    executor: executorFor(local, flags),
    clock: systemClock,
    config: engineConfig({
      cooldownMs: config.cooldownMs,
      attemptLimit: config.attemptLimit,
      approval: config.approval,
      windows: config.windows,
      maxConcurrentCompactions: flags.maxConcurrentCompactions
        ? Number(flags.maxConcurrentCompactions)
        : config.maxConcurrentCompactions,
    }),
    log: {
      info: (obj, msg) => progress(`${(obj as { instanceId?: string }).instanceId ?? 'run'}: ${msg ?? ''}`),
      warn: (obj, msg) => progress(`${(obj as { instanceId?: string }).instanceId ?? 'run'}: ${msg ?? ''}`),
    },
  });
  const resolver = local ? undefined : createTargetResolver(tatOptions(flags));
  return { app: createApp({ engine, store, clock: systemClock, ...(resolver ? { resolver } : {}) }), store };
}

/** The manual request the flags describe, validated by the same schema as the HTTP API. */
function requestFrom(flags: RunFlags, instanceIds: string[]) {
  const params: Record<string, unknown> = {};
  if (flags.dropCachesMode) params.dropCachesMode = Number(flags.dropCachesMode);
  if (flags.sync) params.syncFirst = true;
  if (flags.compactScope) params.compactScope = flags.compactScope;
  if (flags.order) params.targetOrder = Number(flags.order);
  const body: Record<string, unknown> = {
    runbook: flags.runbook,
    instanceIds,
    reason: flags.reason,
    dryRun: Boolean(flags.dryRun),
    ...(flags.approve ? { approve: true } : {}),
    ...(flags.stages ? { stages: flags.stages.split(',').map((s) => s.trim()) } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
  return fromManual(body, `cli-${Date.now()}`);
}

/** What `run --json` prints per instance. */
export function reportJson(r: EpisodeReport) {
  return {
    instanceId: r.instanceId,
    episodeId: r.episodeId,
    outcome: r.outcome,
    verdict: r.verdict,
    state: r.state,
    joined: r.joined,
    code: r.code,
    reason: r.reason,
    stages: r.stages,
  };
}

function printHuman(reports: EpisodeReport[]): void {
  const rows = [
    ['NODE', 'VERDICT', 'STAGES', 'OUTCOME', 'EPISODE', 'REASON'],
    ...reports.map((r) => [
      r.instanceId,
      r.verdict ?? '-',
      r.stages.map((s) => `${s.name}${s.effect ? `(${s.effect})` : ''}`).join(' > ') || '-',
      r.outcome ?? r.state ?? '-',
      r.episodeId ?? '-',
      r.reason,
    ]),
  ];
  process.stdout.write(`${table(rows)}\n`);
}

async function runAction(flags: RunFlags): Promise<void> {
  const modes = [flags.local, flags.instance, flags.allInstances].filter(Boolean).length;
  if (modes !== 1)
    throw new InputError('run needs exactly one of --local, --instance ID... or --all-instances');
  const progress = (line: string) => {
    if (!flags.json) process.stderr.write(`  ${line}\n`);
  };
  const { app, store } = await appFor(flags, Boolean(flags.local), progress);
  try {
    let ids = flags.local ? [] : (flags.instance ?? []);
    if (flags.allInstances) {
      const targets = await createTargetResolver(tatOptions(flags)).resolve({ kind: 'all' });
      ids = targets.map((t) => t.instanceId);
      if (ids.length === 0) throw new InputError('--all-instances: the region has no instances');
    }
    // the manual schema checks ids and parameters; the local host gets a stand-in id the schema accepts
    const request = requestFrom(flags, flags.local ? ['ins-00000000'] : ids);
    if (flags.local) request.nodes = [{ kind: 'instance', instanceId: LOCAL_INSTANCE_ID }];
    const budgets = {
      ...(flags.canary ? { canary: { size: Number(flags.canary) } } : {}),
      ...(flags.maxErrors ? { maxErrors: Number(flags.maxErrors) } : {}),
    };
    const result = await (app as App).remediate(request, Object.keys(budgets).length ? { budgets } : {});
    if (flags.json) process.stdout.write(`${JSON.stringify(result.episodes.map(reportJson), null, 2)}\n`);
    else printHuman(result.episodes);
    if (flags.failOn) {
      const wanted = parseFailOn(flags.failOn, Object.values(Outcome), [Outcome.Resolved, Outcome.Skipped]);
      const hit = result.episodes.filter((e) => e.outcome !== null && wanted.includes(e.outcome));
      if (hit.length)
        throw new FailOn(`--fail-on: ${hit.map((e) => `${e.instanceId} ${e.outcome}`).join(', ')}`);
    }
  } finally {
    await store.close();
  }
}

/** `memfrag run`. */
export function runCommand(): Command {
  const cmd = new Command('run')
    .description(
      'run a runbook (default: fragmentation) on this host or on instances, with gates and records',
    )
    .option('--runbook <name>', 'fragmentation | diagnose', 'fragmentation')
    .option('--local', 'this host, through bash (root needed for the remediation stages)')
    .option('--instance <id...>', 'these instances, through TAT')
    .option('--all-instances', 'every instance of the region (CVM DescribeInstances)')
    .option('--dry-run', 'probe, evaluate and record the plan; change nothing')
    .option('--stages <list>', 'allow only these stages: drop_caches,compact')
    .option('--approve', 'pre-approve compaction when approval is required')
    .option('--order <n>', 'allocation order that must be served (1..13)', intFlag('--order', 1, 13))
    .option(
      '--drop-caches-mode <n>',
      '1 page cache, 2 slab, 3 both (default 3)',
      intFlag('--drop-caches-mode', 1, 3),
    )
    .option('--sync', 'run sync before drop_caches')
    .option('--compact-scope <scope>', 'numa (only the NUMA nodes that need it, default) | global')
    .option('--reason <text>', 'why, for the records', 'manual run from the CLI')
    .option(
      '--max-concurrent-compactions <n>',
      'fleet budget',
      intFlag('--max-concurrent-compactions', 1, 10000),
    )
    .option(
      '--canary <n>',
      'remediate this many nodes first; their effect gates the rest',
      intFlag('--canary', 0, 10000),
    )
    .option(
      '--max-errors <n>',
      'stop the run after this many failed nodes',
      intFlag('--max-errors', 1, 100000),
    )
    .option('--json', 'one JSON object per instance')
    .option('--fail-on <outcomes>', 'exit 1 when a node ends so (e.g. failed,no-effect,regressed, or any)')
    .addHelpText(
      'after',
      '\nExamples:\n  sudo memfrag run --local --dry-run\n  memfrag run --instance ins-abcd1234 ins-efgh5678 --endpoint http://127.0.0.1:9000 --json',
    );
  return withStoreOptions(withTatOptions(cmd)).action(runAction);
}

/** `memfrag approve EPISODE`. */
export function approveCommand(): Command {
  const cmd = new Command('approve')
    .description('approve a compaction waiting for an operator, and continue the episode (re-probe first)')
    .argument('<episode>', 'episode id')
    .option('--local', 'the episode is on this host')
    .option('--by <name>', 'who approves, for the records', process.env.USER ?? 'operator')
    .option('--json', 'one JSON object')
    .addHelpText('after', '\nExample:\n  memfrag approve ep-0c9f... --endpoint http://127.0.0.1:9000');
  return withStoreOptions(withTatOptions(cmd)).action(
    async (id: string, flags: RunFlags & { by: string }) => {
      const { app, store } = await appFor(flags, Boolean(flags.local), (l) => {
        if (!flags.json) process.stderr.write(`  ${l}\n`);
      });
      try {
        const r = await app.approve(id, flags.by);
        if (flags.json) process.stdout.write(`${JSON.stringify(reportJson(r), null, 2)}\n`);
        else printHuman([r]);
      } finally {
        await store.close();
      }
    },
  );
}
