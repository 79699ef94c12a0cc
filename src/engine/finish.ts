/** Ends an episode's part in this invocation: closed with its outcome, or parked (open / awaiting approval). */
import { classifyOutcome } from './classifyOutcome';
import { decide } from './record';
import type { EngineDeps, EpisodeContext } from './types';

async function release(deps: EngineDeps, ctx: EpisodeContext): Promise<void> {
  await deps.store.releaseLease(`node:${ctx.episode.instanceId}`, ctx.holder);
  ctx.finished = true;
}

/** Closes the episode: outcome from its first and last diagnosis and stage effects, the stop as a decision. */
export async function closeEpisode(
  deps: EngineDeps,
  ctx: EpisodeContext,
  stop: { action?: string; code: string; reason: string; details?: Record<string, unknown> },
): Promise<void> {
  const final = ctx.current?.trusted ? ctx.current.diagnosis : null;
  const { outcome, reason } = classifyOutcome({
    initial: ctx.initial,
    final,
    stages: ctx.done.map((d) => d.effect),
    stop,
    failed: ctx.failed,
  });
  await decide(deps, { ctx }, stop.action ?? 'stop', stop.code, stop.reason, stop.details ?? null);
  const now = deps.clock.now();
  ctx.episode = await deps.store.updateEpisode(ctx.episode.id, {
    state: 'closed',
    outcome,
    stage: null,
    closedAt: now,
    waitUntil: null,
    summary: {
      ...(ctx.episode.summary ?? {}),
      outcomeReason: reason,
      stopCode: stop.code,
      verdictBefore: ctx.initial?.verdict ?? null,
      verdictAfter: final?.verdict ?? null,
      stages: ctx.done,
    },
    now,
  });
  ctx.reason = reason;
  await release(deps, ctx);
}

/** Leaves the episode open for the next run (deadline) or waiting for approval until `waitUntil`. */
export async function parkEpisode(
  deps: EngineDeps,
  ctx: EpisodeContext,
  how: { state: 'open' | 'awaiting-approval'; code: string; reason: string; waitUntil?: number },
): Promise<void> {
  await decide(deps, { ctx }, how.state === 'open' ? 'stop' : 'wait', how.code, how.reason, {
    waitUntil: how.waitUntil ?? null,
  });
  ctx.episode = await deps.store.updateEpisode(ctx.episode.id, {
    state: how.state,
    waitUntil: how.waitUntil ?? null,
    now: deps.clock.now(),
  });
  await release(deps, ctx);
}
