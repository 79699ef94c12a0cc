/** Compaction is decided only with pageblock counts, when the runbook reads them: else it cannot be told safe. */
import type { RunbookStage } from '../../runbooks/runbook';
import type { EpisodeContext } from './types';

/**
 * Why `stage` cannot be decided on the episode's current evidence (a compaction whose runbook asked for
 * /proc/pagetypeinfo, which the probe did not deliver whole), or null when it can.
 */
export function blockCountsGap(ctx: EpisodeContext, stage: RunbookStage): string | null {
  const evidence = ctx.current?.evidence;
  if (stage.kind !== 'compact' || !ctx.params.pagetypeinfo || evidence?.pagetypeinfo) return null;
  const why =
    evidence?.gaps?.find((g) => g.includes('pagetypeinfo')) ?? 'the probe report holds no pagetypeinfo';
  return `compaction is not decided: ${why}; without pageblock counts memfrag cannot tell whether unmovable blocks make compaction useless`;
}
