/** Records an app-level decision (one not tied to an engine episode context) with our ids and clock. */
import { newId } from '../engine/ids';
import type { Clock, Decision, Store } from '../ports';

export interface DecisionFields {
  action: string;
  code: string;
  reason: string;
  episodeId?: string | null;
  runId?: string | null;
  instanceId?: string | null;
  details?: Record<string, unknown> | null;
}

/** Writes the decision and returns it. */
export async function recordDecision(
  deps: { store: Store; clock: Clock },
  f: DecisionFields,
): Promise<Decision> {
  const d: Decision = {
    id: newId('dec'),
    at: deps.clock.now(),
    episodeId: f.episodeId ?? null,
    runId: f.runId ?? null,
    instanceId: f.instanceId ?? null,
    action: f.action,
    code: f.code,
    reason: f.reason,
    details: f.details ?? null,
  };
  await deps.store.addDecision(d);
  return d;
}
