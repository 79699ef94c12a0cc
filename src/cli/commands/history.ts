/** `memfrag history` and `memfrag show`: what was done, to which node, with what outcome and why. */
import { Command } from 'commander';
import { InputError } from '../../errors';
import type { Episode, Store } from '../../ports';
import { parseSince, type StoreFlags, storeFrom, withStoreOptions } from '../storeOptions';

interface HistoryFlags extends StoreFlags {
  node?: string;
  since?: string;
  limit: string;
  json?: boolean;
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** Pads cells into aligned columns. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
}

async function withStore<T>(flags: StoreFlags, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await storeFrom(flags);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function historyRows(episodes: Episode[]): string[][] {
  return [
    ['EPISODE', 'NODE', 'TRIGGER', 'STATE', 'OUTCOME', 'CREATED', 'REASON'],
    ...episodes.map((e) => [
      e.id,
      e.instanceId,
      e.trigger,
      e.state,
      e.outcome ?? '-',
      iso(e.createdAt),
      e.reason.length > 60 ? `${e.reason.slice(0, 57)}...` : e.reason,
    ]),
  ];
}

/** `memfrag history [--node ID] [--since 24h] [--json]`. */
export function historyCommand(): Command {
  const cmd = new Command('history')
    .description('list remediation episodes, newest first')
    .option('--node <instanceId>', 'only this node')
    .option('--since <when>', 'ISO date or relative (30m, 24h, 7d)')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'one JSON array')
    .addHelpText('after', '\nExample:\n  memfrag history --node ins-abcd1234 --since 7d');
  return withStoreOptions(cmd).action(async (flags: HistoryFlags) => {
    const since = flags.since === undefined ? undefined : parseSince(flags.since, Date.now());
    if (since === null)
      throw new InputError(`--since: cannot read "${flags.since}" (ISO date, or 30m / 24h / 7d)`);
    if (!/^\d{1,5}$/.test(flags.limit)) throw new InputError('--limit: expected a positive integer');
    const episodes = await withStore(flags, (s) =>
      s.listEpisodes({
        ...(flags.node ? { instanceId: flags.node } : {}),
        ...(since !== undefined ? { since } : {}),
        limit: Number(flags.limit),
      }),
    );
    if (flags.json) process.stdout.write(`${JSON.stringify(episodes, null, 2)}\n`);
    else process.stdout.write(episodes.length ? `${table(historyRows(episodes))}\n` : 'no episodes\n');
  });
}

/** `memfrag show EPISODE [--json]`: the episode with its stages, snapshots, effects and decisions. */
export function showCommand(): Command {
  const cmd = new Command('show')
    .description('show one episode: stages, evidence, effects and every decision with its reason')
    .argument('<episode>', 'episode id')
    .option('--json', 'one JSON object')
    .addHelpText('after', '\nExample:\n  memfrag show ep-0c9f...');
  return withStoreOptions(cmd).action(async (id: string, flags: StoreFlags & { json?: boolean }) => {
    const record = await withStore(flags, async (s) => {
      const episode = await s.getEpisode(id);
      if (!episode) throw new InputError(`no episode ${id}`);
      const [stages, snapshots, effects, decisions] = await Promise.all([
        s.listStages(id),
        s.listSnapshots({ episodeId: id }),
        s.listEffects(id),
        s.listDecisions({ episodeId: id }),
      ]);
      return {
        episode,
        stages,
        snapshots: snapshots.map(({ raw: _raw, ...rest }) => rest),
        effects,
        decisions,
      };
    });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
      return;
    }
    const e = record.episode;
    const lines = [
      `episode   ${e.id}`,
      `node      ${e.instanceId}   runbook ${e.runbook}   trigger ${e.trigger}${e.dryRun ? '   (dry run)' : ''}`,
      `state     ${e.state}   outcome ${e.outcome ?? '-'}`,
      `reason    ${e.reason}`,
      '',
      'stages',
      table([
        ['STAGE', 'STATE', 'STARTED', 'SECONDS'],
        ...record.stages.map((st) => [
          st.name,
          st.state,
          iso(st.startedAt),
          st.endedAt === null ? '-' : ((st.endedAt - st.startedAt) / 1000).toFixed(1),
        ]),
      ]),
      '',
      'decisions',
      ...record.decisions.map(
        (d) => `  ${iso(d.at)}  ${d.action.padEnd(5)} ${d.code.padEnd(22)} ${d.reason}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
