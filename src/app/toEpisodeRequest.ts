/** Pure: a normalized trigger request, for one resolved node, as the engine's episode request. */
import type { EpisodeRequest } from '../engine/types';
import type { RemediationRequest, RunbookParams as TriggerParams, TriggerSource } from '../triggers/request';

const TRIGGER: Record<TriggerSource, EpisodeRequest['trigger']> = {
  'cloud-monitor': 'alarm',
  alertmanager: 'alarm',
  eventbridge: 'alarm',
  manual: 'manual',
  sweep: 'sweep',
};

/** The trigger vocabulary's parameters in the runbook's shape (only what was set). */
export function toRunbookParams(p: TriggerParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const drop: Record<string, unknown> = {};
  if (p.dropCachesMode !== undefined) drop.mode = p.dropCachesMode;
  if (p.syncFirst !== undefined) drop.sync = p.syncFirst;
  if (Object.keys(drop).length > 0) out.dropCaches = drop;
  if (p.compactScope !== undefined)
    out.compaction = { scope: p.compactScope === 'numa' ? 'nodes' : 'global' };
  if (p.targetOrder !== undefined) out.targetOrder = p.targetOrder;
  return out;
}

/** One node's episode request; the dedup key is per node so each node of an alarm maps to its own episode. */
export function toEpisodeRequest(
  req: RemediationRequest,
  instanceId: string,
  deadline?: number,
): EpisodeRequest {
  const out: EpisodeRequest = {
    instanceId,
    runbook: req.runbook,
    trigger: TRIGGER[req.source],
    reason: req.reason,
    dryRun: req.dryRun,
    params: toRunbookParams(req.params),
    dedupKey: `${req.dedupKey}:${instanceId}`,
  };
  if (deadline !== undefined) out.deadline = deadline;
  if (req.approve) out.approved = true;
  if (req.stages) out.stages = req.stages;
  return out;
}
