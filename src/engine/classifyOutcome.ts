/** Pure: the outcome of a whole episode, from its first and last diagnosis and its stages' effects. */
import type { EffectClass } from '../../runbooks/runbook';
import type { Diagnosis } from '../domain/types';
import type { Outcome } from '../ports';
import { measureEffect } from './measureEffect';

export interface OutcomeInput {
  /** the first trusted diagnosis of the episode */
  initial: Diagnosis | null;
  /** the last trusted diagnosis */
  final: Diagnosis | null;
  /** the effect class of every remediation stage that ran */
  stages: readonly EffectClass[];
  /** why the episode stopped */
  stop: { code: string; reason: string };
  /** a probe or stage could not run at all (not delivered, timed out) */
  failed: boolean;
}

/** The episode's outcome and a sentence saying why. */
export function classifyOutcome(input: OutcomeInput): { outcome: Outcome; reason: string } {
  const { initial, final, stages, stop } = input;
  if (stages.length === 0) {
    return input.failed
      ? { outcome: 'failed', reason: stop.reason }
      : { outcome: 'skipped', reason: stop.reason };
  }
  if (!initial || !final)
    return { outcome: 'failed', reason: `no trusted probe after the stages: ${stop.reason}` };
  if (final.verdict === 'healthy') return { outcome: 'resolved', reason: `resolved: ${stop.reason}` };
  const { class: cls, reason } = measureEffect(initial, final);
  if (input.failed && cls !== 'improved')
    return { outcome: 'failed', reason: `a stage failed (${stop.reason}); ${reason}` };
  const outcome: Outcome =
    cls === 'resolved'
      ? 'resolved'
      : cls === 'improved'
        ? 'improved'
        : cls === 'regressed'
          ? 'regressed'
          : 'no-effect';
  return { outcome, reason: `${reason}; ${stop.reason}` };
}
