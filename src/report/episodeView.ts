/** One episode's records turned into what the report shows: labelled snapshots, stages, effects, a headline. */
import type { Decision, Episode } from '../ports';
import type { EpisodeRecords } from './records';
import {
  type EffectView,
  readEffect,
  readStageResult,
  readSummary,
  type StageResultView,
  type SummaryView,
} from './views';

/** A snapshot with the name of the moment it shows (`before`, `after drop_caches`, ...). */
export interface SnapshotView extends SummaryView {
  id: string;
  label: string;
  takenAt: number;
  trusted: boolean;
}

/** A stage with its parsed result. */
export interface StageView extends StageResultView {
  id: string;
  name: string;
  state: string;
  startedAt: number;
  endedAt: number | null;
}

/** Free pages at or above the target order in the zone that mattered, first snapshot to last. */
export interface TargetEffect {
  order: number;
  zone: string;
  before: number;
  after: number | null;
  indexBefore: number | null;
  indexAfter: number | null;
}

export interface EpisodeView {
  episode: Episode;
  verdict: string;
  /** the episode's outcome, or its state while it is not closed */
  outcome: string;
  reason: string;
  snapshots: SnapshotView[];
  stages: StageView[];
  effects: EffectView[];
  decisions: Decision[];
  target: TargetEffect | null;
}

const ACTION_NAMES: Record<string, string> = { compact: 'compaction' };

function label(stages: StageView[], stageId: string | null, index: number): string {
  const at = stages.findIndex((s) => s.id === stageId);
  if (index === 0) return 'before';
  const action = stages
    .slice(0, Math.max(0, at))
    .reverse()
    .find((s) => s.name !== 'probe' && s.name !== 'reprobe');
  if (at > 0 && action) return `after ${ACTION_NAMES[action.name] ?? action.name}`;
  return `probe ${index + 1}`;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function targetEffect(snaps: SnapshotView[]): TargetEffect | null {
  const trusted = snaps.filter((s) => s.trusted && s.zones.length > 0);
  const first = trusted[0];
  const last = trusted.length > 1 ? trusted[trusted.length - 1] : undefined;
  if (!first || first.targetOrder === null) return null;
  const order = first.targetOrder;
  const pick = (s: SnapshotView) =>
    s.zones.find((z) => first.worst && z.node === first.worst.node && z.zone === first.worst.zone) ??
    s.zones[s.zones.length - 1];
  const b = pick(first);
  const a = last ? pick(last) : undefined;
  if (!b) return null;
  return {
    order,
    zone: `node ${b.node} ${b.zone}`,
    before: b.freePagesAtOrAbove,
    after: a?.freePagesAtOrAbove ?? null,
    indexBefore: b.unusableIndex[order] ?? null,
    indexAfter: a?.unusableIndex[order] ?? null,
  };
}

/** Builds the view of one episode from its records. */
export function episodeView(r: EpisodeRecords): EpisodeView {
  const stages: StageView[] = [...r.stages]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((s) => ({
      ...readStageResult(s.result),
      id: s.id,
      name: s.name,
      state: s.state,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
    }));
  const snapshots = [...r.snapshots]
    .sort((a, b) => a.takenAt - b.takenAt)
    .map((s, i) => ({
      ...readSummary(s.summary),
      id: s.id,
      label: label(stages, s.stageId, i),
      takenAt: s.takenAt,
      trusted: s.trusted,
    }));
  const summary = r.episode.summary ?? {};
  const lastDecision = r.decisions[r.decisions.length - 1];
  return {
    episode: r.episode,
    verdict: str(summary.verdictBefore) ?? snapshots[0]?.verdict ?? 'unknown',
    outcome: r.episode.outcome ?? r.episode.state,
    reason: str(summary.outcomeReason) ?? lastDecision?.reason ?? r.episode.reason,
    snapshots,
    stages,
    effects: r.effects.map((e) => readEffect(e.effect)),
    decisions: r.decisions,
    target: targetEffect(snapshots),
  };
}
