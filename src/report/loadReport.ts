/** Reads what a report shows from the Store: one episode, or every episode since a time, with all its records. */
import { InputError } from '../errors';
import type { Decision, Episode, Store } from '../ports';
import { fmtTime } from './format';
import type { EpisodeRecords, ReportRecords } from './records';

/** What to load; `episodeId` wins over `since`. */
export interface ReportQuery {
  episodeId?: string;
  /** epoch ms: episodes created at or after */
  since?: number;
  /** epoch ms of the report */
  now: number;
  /** most episodes shown in detail (newest first); default 200 */
  limit?: number;
}

/** The default number of episodes a report shows. */
export const DEFAULT_LIMIT = 200;

async function recordsOf(store: Store, episode: Episode): Promise<EpisodeRecords> {
  const [stages, snapshots, effects, decisions] = await Promise.all([
    store.listStages(episode.id),
    store.listSnapshots({ episodeId: episode.id }),
    store.listEffects(episode.id),
    store.listDecisions({ episodeId: episode.id }),
  ]);
  return { episode, stages, snapshots, effects, decisions };
}

const runLevel = (ds: Decision[]) => ds.filter((d) => d.episodeId === null);

async function oneEpisode(store: Store, id: string, now: number): Promise<ReportRecords> {
  const episode = await store.getEpisode(id);
  if (!episode) throw new InputError(`--episode: no episode ${id} in the store`, { field: 'episode' });
  const runDecisions = episode.runId ? runLevel(await store.listDecisions({ runId: episode.runId })) : [];
  return {
    generatedAt: now,
    scope: `episode ${id}`,
    episodes: [await recordsOf(store, episode)],
    runDecisions,
  };
}

/** Loads the records of a report. */
export async function loadReport(store: Store, q: ReportQuery): Promise<ReportRecords> {
  if (q.episodeId !== undefined) return oneEpisode(store, q.episodeId, q.now);
  const since = q.since ?? q.now - 86_400_000;
  const limit = q.limit ?? DEFAULT_LIMIT;
  const all = await store.listEpisodes({ since });
  const shown = all.slice(0, limit);
  const episodes: EpisodeRecords[] = [];
  // one episode at a time keeps at most four queries in flight, whatever the size of a PostgreSQL pool
  for (const e of shown) episodes.push(await recordsOf(store, e));
  const records: ReportRecords = {
    generatedAt: q.now,
    scope: `episodes since ${fmtTime(since)}`,
    episodes,
    runDecisions: runLevel(await store.listDecisions({ since })),
  };
  if (all.length > shown.length) records.omitted = all.length - shown.length;
  return records;
}
