/** The plain record data a report is rendered from: what the Store holds, grouped by episode. */
import type { Decision, EffectRecord, Episode, Snapshot, StageRecord } from '../ports';

/** One episode with everything recorded about it. */
export interface EpisodeRecords {
  episode: Episode;
  stages: StageRecord[];
  snapshots: Snapshot[];
  effects: EffectRecord[];
  decisions: Decision[];
}

/** Everything one report shows. */
export interface ReportRecords {
  /** epoch ms the report was made */
  generatedAt: number;
  /** what was selected, in words (`episodes since ...`, `episode ep-...`) */
  scope: string;
  /** newest first */
  episodes: EpisodeRecords[];
  /** decisions of fleet runs that belong to no episode (canary gate, circuit breaker) */
  runDecisions: Decision[];
  /** episodes in the window beyond the load limit, not shown */
  omitted?: number;
}
