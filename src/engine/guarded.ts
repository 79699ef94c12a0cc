/** Engine work that cannot leave an episode running, a stage running or a node lease held when it throws. */
import { parkEpisode } from './finish';
import type { EngineDeps, EpisodeContext } from './types';

// the error's kind and message, short (SDK errors carry codes and messages, never credentials)
function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

// one unfinished episode: its running stages interrupted, itself parked open with the decision, lease let go
async function parkOne(deps: EngineDeps, ctx: EpisodeContext, reason: string): Promise<void> {
  const now = deps.clock.now();
  for (const s of await deps.store.listStages(ctx.episode.id)) {
    if (s.state === 'running') await deps.store.updateStage(s.id, { state: 'interrupted', endedAt: now });
  }
  await parkEpisode(deps, ctx, { state: 'open', code: 'engine-error', reason });
}

/**
 * Runs `work` over `ctxs`; when it throws, every unfinished episode is parked open (code `engine-error`,
 * recorded) with its lease released, so the worker's retry reconciles it at once, and the error is rethrown.
 */
export async function guarded(
  deps: EngineDeps,
  ctxs: readonly EpisodeContext[],
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    const reason = `the engine failed (${describe(err)}): the episode stays open and the next run re-probes before it acts`;
    for (const ctx of ctxs.filter((c) => !c.finished)) {
      // best effort: the store may be what failed; the original error is the one to report
      await parkOne(deps, ctx, reason).catch(async () => {
        await deps.store.releaseLease(`node:${ctx.episode.instanceId}`, ctx.holder).catch(() => {});
        ctx.finished = true;
      });
    }
    throw err;
  }
}
