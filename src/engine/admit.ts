/**
 * Admission of one request: dedup, node lease, cooldown and attempt limit (for new remediation episodes),
 * then open or join the one episode per (node, problem); a joined, interrupted episode is reconciled.
 */
import { getRunbook, resolveParams } from '../../runbooks/builtin';
import type { Runbook } from '../../runbooks/runbook';
import type { Episode } from '../ports';
import { bareReport, expireApproval, newContext, reconcileStart, reportOf } from './context';
import { newId } from './ids';
import { loopGuards } from './loopGuards';
import { decide } from './record';
import type { EngineDeps, EpisodeContext, EpisodeReport, EpisodeRequest, FleetState } from './types';

/** Admitted (a context to run) or answered without running (a report). */
export type Admission = { ctx: EpisodeContext } | { report: EpisodeReport };

async function claimDedup(
  deps: EngineDeps,
  fleet: FleetState,
  req: EpisodeRequest,
  id: string,
): Promise<EpisodeReport | null> {
  if (!req.dedupKey) return null;
  const c = await deps.store.claimDedup(req.dedupKey, id, deps.config.dedupTtlMs, deps.clock.now());
  if (c.claimed || c.episodeId === id) return null;
  const first = await deps.store.getEpisode(c.episodeId);
  // the first claimant joined another episode or stood down without opening its own: nothing to map to
  if (!first) return null;
  const reason = `trigger ${req.dedupKey} was already handled by episode ${c.episodeId}`;
  const d = await decide(
    deps,
    { fleet, instanceId: req.instanceId, episodeId: c.episodeId },
    'join',
    'duplicate-trigger',
    reason,
  );
  return bareReport(req, 'duplicate-trigger', reason, first, { joined: true, decisions: [d] });
}

// a joined episode while this invocation holds the node lease: wait on approval, or reconcile and continue
async function joinExisting(
  deps: EngineDeps,
  req: EpisodeRequest,
  runbook: Runbook,
  ep: Episode,
  holder: string,
): Promise<Admission | 'expired'> {
  const ctx = newContext(req, runbook, ep, true, holder);
  if (isDryRun(deps, req) && !ep.dryRun) {
    // a dry run plans; it must never continue (and so act on) a real episode it happens to join
    await decide(
      deps,
      { ctx },
      'skip',
      'dry-run-open-episode',
      `dry run (${req.reason}) left open episode ${ep.id} (${ep.state}) alone: a dry run never continues a real episode; nothing ran`,
    );
    await deps.store.releaseLease(`node:${req.instanceId}`, holder);
    return { report: reportOf(ctx) };
  }
  await decide(
    deps,
    { ctx },
    'join',
    'joined-episode',
    `${req.trigger} trigger (${req.reason}) joins open episode ${ep.id} (${ep.state})`,
  );
  if (ep.state === 'awaiting-approval') {
    if (ep.waitUntil !== null && deps.clock.now() > ep.waitUntil) {
      await expireApproval(deps, ctx);
      return 'expired';
    }
    await deps.store.releaseLease(`node:${req.instanceId}`, holder);
    return { report: reportOf(ctx, 'awaiting-approval', `episode ${ep.id} waits for approval`) };
  }
  await reconcileStart(deps, ctx);
  return { ctx };
}

// the node lease is held elsewhere: join the open episode if there is one, else record the skip
async function leaseHeld(
  deps: EngineDeps,
  fleet: FleetState,
  req: EpisodeRequest,
  runbook: Runbook,
): Promise<Admission> {
  const open = await findOpen(deps, req, runbook);
  if (open) {
    const reason = `episode ${open.id} is running in another invocation (${open.state}); this ${req.trigger} trigger joined it`;
    const d = await decide(
      deps,
      { fleet, instanceId: req.instanceId, episodeId: open.id },
      'join',
      'joined-episode',
      reason,
    );
    return { report: bareReport(req, 'joined-episode', reason, open, { joined: true, decisions: [d] }) };
  }
  const reason = `another runbook holds the node lease: at most one runbook runs on a node (${runbook.name} not started)`;
  const d = await decide(deps, { fleet, instanceId: req.instanceId }, 'skip', 'lease-held', reason);
  return { report: bareReport(req, 'lease-held', reason, null, { decisions: [d] }) };
}

async function findOpen(
  deps: EngineDeps,
  req: EpisodeRequest,
  runbook: Runbook,
): Promise<Episode | undefined> {
  const states = ['open', 'running', 'awaiting-approval'] as const;
  return (
    await deps.store.listEpisodes({
      instanceId: req.instanceId,
      problem: runbook.problem,
      states: [...states],
      limit: 1,
    })
  )[0];
}

/**
 * Admits one request (validated first: InputError on a bad runbook or parameters). The node lease is taken
 * before the episode is opened or joined, so two triggers racing for one node never both act.
 */
export async function admit(deps: EngineDeps, fleet: FleetState, req: EpisodeRequest): Promise<Admission> {
  const runbook = getRunbook(req.runbook ?? 'fragmentation');
  // validated before anything is recorded: a bad parameter is the caller's error (InputError)
  resolveParams(runbook, req.params ?? {});
  const id = newId('ep');
  const dup = await claimDedup(deps, fleet, req, id);
  if (dup) return { report: dup };
  const holder = newId('h');
  const key = `node:${req.instanceId}`;
  if (!(await deps.store.acquireLease(key, holder, deps.config.leaseTtlMs, deps.clock.now()))) {
    return leaseHeld(deps, fleet, req, runbook);
  }
  // read under the lease: an episode that closed while we waited for it must count for the loop guards
  const open = await findOpen(deps, req, runbook);
  const first = await openOrJoin(deps, fleet, req, runbook, { id, holder, open });
  if (first !== 'expired') return first;
  // closing the expired episode released the lease: take it again before opening a new one
  if (!(await deps.store.acquireLease(key, holder, deps.config.leaseTtlMs, deps.clock.now()))) {
    return leaseHeld(deps, fleet, req, runbook);
  }
  const second = await openOrJoin(deps, fleet, req, runbook, { id: newId('ep'), holder, open: undefined });
  if (second !== 'expired') return second;
  return {
    report: bareReport(req, 'join-failed', 'the open episode changed twice while joining; try again', null),
  };
}

// with the node lease held: loop guards for a new episode, then open it or join the open one
async function openOrJoin(
  deps: EngineDeps,
  fleet: FleetState,
  req: EpisodeRequest,
  runbook: Runbook,
  at: { id: string; holder: string; open: Episode | undefined },
): Promise<Admission | 'expired'> {
  const dryRun = isDryRun(deps, req);
  if (!at.open && runbook.stages.length > 0 && !dryRun) {
    const guard = await loopGuards(deps, fleet, req, runbook);
    if (guard) {
      await deps.store.releaseLease(`node:${req.instanceId}`, at.holder);
      return { report: guard };
    }
  }
  const { episode, joined } = await deps.store.openOrJoinEpisode({
    id: at.id,
    instanceId: req.instanceId,
    problem: runbook.problem,
    runbook: runbook.name,
    reason: req.reason,
    trigger: req.trigger,
    runId: fleet.runId,
    dryRun,
    params: resolveParams(runbook, req.params ?? {}) as unknown as Record<string, unknown>,
    now: deps.clock.now(),
  });
  if (joined) return joinExisting(deps, req, runbook, episode, at.holder);
  const ctx = newContext(req, runbook, episode, false, at.holder);
  const reason = `${req.trigger} trigger opened episode: ${req.reason}`;
  await decide(deps, { ctx }, 'open', 'opened-episode', reason, { dryRun: episode.dryRun });
  const summary = { ...(episode.summary ?? {}), ...openingSummary(req, deps.clock.now()) };
  if (Object.keys(summary).length > 0)
    ctx.episode = await deps.store.updateEpisode(episode.id, { summary, now: deps.clock.now() });
  if (req.approved)
    await decide(deps, { ctx }, 'approve', 'pre-approved', 'the request approved compaction up front');
  return { ctx };
}

// what the opening request fixes for the episode's whole life: its stage restriction and a pre-approval
function openingSummary(req: EpisodeRequest, now: number): Record<string, unknown> {
  return {
    ...(req.stages ? { allowedStages: [...req.stages] } : {}),
    ...(req.approved ? { approvedAt: now, approvedBy: `${req.trigger} request` } : {}),
  };
}

/** The request is a dry run, or the whole engine is configured to plan only. */
export function isDryRun(deps: EngineDeps, req: EpisodeRequest): boolean {
  return req.dryRun === true || deps.dryRun === true;
}
