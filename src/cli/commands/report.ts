/**
 * `memfrag report [--episode ID | --since DATE] --out FILE.html`: writes one self-contained HTML report of
 * episodes from the store (charts of free memory per order, indices, stage timeline, decisions, fleet view).
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { openStore } from '../../adapters/store/openStore';
import { loadConfig } from '../../config';
import { InputError } from '../../errors';
import { DEFAULT_LIMIT, loadReport } from '../../report/loadReport';
import { DEFAULT_SINCE, parseSince } from '../../report/parseSince';
import { renderReport } from '../../report/renderReport';

interface ReportFlags {
  episode?: string;
  since?: string;
  out: string;
  limit: number;
  home?: string;
  databaseUrl?: string;
}

function limit(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('--limit must be an integer from 1 to 99999');
  return Number(value);
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new InputError(
      `--out: cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      {
        field: 'out',
        cause: e,
      },
    );
  }
}

/** The command; `now` is the report's clock (tests pin it). */
export function reportCommand(opts: { now?: () => number; log?: (line: string) => void } = {}): Command {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((line: string) => console.log(line));
  return new Command('report')
    .description('write a self-contained HTML report of remediation episodes (charts, timeline, decisions)')
    .addOption(new Option('--episode <id>', 'one episode').conflicts('since'))
    .option('--since <date>', `episodes opened since an ISO date or a relative age (24h, 7d)`, undefined)
    .requiredOption('--out <file>', 'the HTML file to write')
    .option('--limit <n>', 'most episodes shown, newest first', limit, DEFAULT_LIMIT)
    .option('--home <dir>', 'SQLite store directory (default MEMFRAG_HOME or .memfrag)')
    .option('--database-url <url>', 'PostgreSQL store (default MEMFRAG_DATABASE_URL)')
    .addHelpText(
      'after',
      '\nExamples:\n  memfrag report --since 7d --out report.html\n  memfrag report --episode ep-0c9f... --out episode.html',
    )
    .action(async (flags: ReportFlags) => {
      const t = now();
      const since = flags.episode === undefined ? parseSince(flags.since ?? DEFAULT_SINCE, t) : undefined;
      const config = loadConfig();
      const url = flags.databaseUrl ?? config.databaseUrl;
      const store = await openStore({ home: flags.home ?? config.home, ...(url ? { url } : {}) });
      try {
        const records = await loadReport(store, {
          now: t,
          limit: flags.limit,
          ...(flags.episode !== undefined ? { episodeId: flags.episode } : {}),
          ...(since !== undefined ? { since } : {}),
        });
        write(flags.out, renderReport(records));
        const more = records.omitted ? ` (${records.omitted} more not shown)` : '';
        log(`wrote ${flags.out}: ${records.episodes.length} episodes, ${records.scope}${more}`);
      } finally {
        await store.close();
      }
    });
}
