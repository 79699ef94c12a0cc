/**
 * The alarm quick path (answers within Cloud Monitor's 5 s): per alerted node, claim the dedup key and open
 * or join the node's episode through the engine's own admission (dedup, lease, cooldown, attempt limit, every
 * decision recorded) WITHOUT running any stage, then hand the episode to the worker. Recoveries only note.
 */
import { admit } from '../engine/admit';
import { newId } from '../engine/ids';
import type { EngineDeps, FleetState } from '../engine/types';
import type { Decision, Episode, TargetResolver } from '../ports';
import type { RemediationRequest } from '../triggers/request';
import { type DispatchDeps, dispatchEpisode, needsDispatch } from './dispatch';
import { resolveNodes } from './resolveNodes';
import { toEpisodeRequest } from './toEpisodeRequest';

/** What the alarm answer says about one node. */
export interface AlarmEpisode {
  instanceId: string;
  episodeId: string | null;
  joined: boolean;
  /** `opened-episode`, `joined-episode`, `duplicate-trigger`, `cooldown`, `recovered`, `target-unresolved`... */
  code: string;
  reason: string;
  /** the worker was invoked for this episode by this call */
  dispatched: boolean;
}

/** The alarm answer. */
export interface AlarmResult {
  episodes: AlarmEpisode[];
}

/** What the alarm path needs. */
export interface AlarmDeps extends DispatchDeps {
  engineDeps: EngineDeps;
  resolver?: TargetResolver;
}

function bareFleet(): FleetState {
  return {
    runId: null,
    errors: 0,
    maxErrors: Number.POSITIVE_INFINITY,
    circuitOpen: false,
    compactionChunk: 1,
    decisions: [],
  };
}

async function note(deps: AlarmDeps, d: Omit<Decision, 'id' | 'at' | 'runId'>): Promise<void> {
  await deps.store.addDecision({ id: newId('dec'), at: deps.clock.now(), runId: null, ...d });
}

async function openEpisode(
  deps: AlarmDeps,
  req: RemediationRequest,
  instanceId: string,
): Promise<AlarmEpisode> {
  const a = await admit(deps.engineDeps, bareFleet(), toEpisodeRequest(req, instanceId));
  if ('report' in a) {
    const r = a.report;
    const out = { instanceId, episodeId: r.episodeId, joined: r.joined, code: r.code, reason: r.reason };
    // a retry of an alarm whose first call died before the hand-off must still get its worker
    const ep = r.episodeId !== null && r.state === 'open' ? await deps.store.getEpisode(r.episodeId) : null;
    const stranded = ep?.state === 'open' && (await needsDispatch(deps, ep, false));
    if (stranded && ep) await dispatchEpisode(deps, ep.id, instanceId);
    return { ...out, dispatched: stranded };
  }
  const { ctx } = a;
  const episodeId = ctx.episode.id;
  // the worker takes the node lease itself, and may start before the invoke call returns: the dispatch is
  // recorded under the lease (a duplicate that gets the lease next sees it and dispatches no second worker),
  // then the lease is let go, and only then is the worker invoked
  const dispatch = !ctx.joined || (await needsDispatch(deps, ctx.episode, true));
  const release = () => deps.store.releaseLease(`node:${instanceId}`, ctx.holder);
  try {
    if (dispatch) await dispatchEpisode(deps, episodeId, instanceId, release);
  } finally {
    await release();
  }
  return {
    instanceId,
    episodeId,
    joined: ctx.joined,
    code: ctx.joined ? 'joined-episode' : 'opened-episode',
    reason: ctx.joined ? `joined open episode ${episodeId}` : `opened episode ${episodeId}: ${req.reason}`,
    dispatched: dispatch,
  };
}

async function openEpisodeOf(deps: AlarmDeps, instanceId: string): Promise<Episode | undefined> {
  const states = ['open', 'running', 'awaiting-approval'] as const;
  return (
    await deps.store.listEpisodes({ instanceId, problem: 'fragmentation', states: [...states], limit: 1 })
  )[0];
}

async function recovered(
  deps: AlarmDeps,
  req: RemediationRequest,
  instanceId: string,
): Promise<AlarmEpisode> {
  const open = await openEpisodeOf(deps, instanceId);
  const reason = open
    ? `the alarm recovered (${req.reason}); episode ${open.id} continues on its own probes`
    : `the alarm recovered (${req.reason}); no open episode`;
  await note(deps, {
    episodeId: open?.id ?? null,
    instanceId,
    action: 'note',
    code: 'recovered',
    reason,
    details: { dedupKey: req.dedupKey },
  });
  return {
    instanceId,
    episodeId: open?.id ?? null,
    joined: false,
    code: 'recovered',
    reason,
    dispatched: false,
  };
}

/** Opens or joins one episode per alerted node and hands each to the worker; recoveries are noted only. */
export async function openEpisodes(deps: AlarmDeps, requests: RemediationRequest[]): Promise<AlarmResult> {
  const episodes: AlarmEpisode[] = [];
  for (const req of requests) {
    const { instanceIds, unresolved } = await resolveNodes(req, deps.resolver);
    for (const ref of unresolved) {
      const name =
        ref.kind === 'instance' ? ref.instanceId : ref.kind === 'private-ip' ? ref.ip : ref.nodeName;
      const reason = `node reference ${name} (${ref.kind}) matched no instance`;
      await note(deps, {
        episodeId: null,
        instanceId: null,
        action: 'skip',
        code: 'target-unresolved',
        reason,
        details: { ref },
      });
      episodes.push({
        instanceId: name,
        episodeId: null,
        joined: false,
        code: 'target-unresolved',
        reason,
        dispatched: false,
      });
    }
    for (const id of instanceIds) {
      episodes.push(req.firing ? await openEpisode(deps, req, id) : await recovered(deps, req, id));
    }
  }
  return { episodes };
}
