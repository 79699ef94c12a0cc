/** Pure gate checks before a remediation stage: deadline, change freeze, maintenance window, approval. */
import type { RunbookStage } from '../../runbooks/runbook';
import type { ChangeFreeze, MaintenanceWindow } from './config';

/** What the gates need to know. */
export interface GateInput {
  stage: RunbookStage;
  now: number;
  /** epoch ms by which the stage and its re-probe must be done; absent = no deadline */
  deadline?: number;
  probeTimeoutSeconds: number;
  marginMs: number;
  windows: readonly MaintenanceWindow[];
  freezes: readonly ChangeFreeze[];
  approvalRequired: boolean;
  approved: boolean;
}

/** `pass`, or why not and what to do: `stop` ends the run for now, `skip` ends the episode, `wait` parks it. */
export type GateResult =
  | { pass: true }
  | { pass: false; action: 'stop' | 'skip' | 'wait'; code: string; reason: string };

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Is `now` inside the weekly UTC window `w`? */
export function inWindow(w: MaintenanceWindow, now: number): boolean {
  const d = new Date(now);
  const at = d.getUTCHours() * 60 + d.getUTCMinutes();
  const start = minutes(w.start);
  const end = minutes(w.end);
  const day = d.getUTCDay();
  if (start <= end) return at >= start && at < end && (!w.days || w.days.includes(day));
  // past midnight: the evening part belongs to `day`, the morning part to the day before
  if (at >= start) return !w.days || w.days.includes(day);
  return at < end && (!w.days || w.days.includes((day + 6) % 7));
}

/** Checks every gate in order of finality; the first that fails decides. */
export function checkGates(g: GateInput): GateResult {
  const needMs = (g.stage.timeoutSeconds + g.probeTimeoutSeconds) * 1000 + g.marginMs;
  if (g.deadline !== undefined && g.now + needMs > g.deadline) {
    const left = Math.max(0, Math.round((g.deadline - g.now) / 1000));
    return {
      pass: false,
      action: 'stop',
      code: 'deadline',
      reason: `${g.stage.kind} needs up to ${Math.round(needMs / 1000)} s with its re-probe but only ${left} s are left before the deadline; the next run continues`,
    };
  }
  const freeze = g.freezes.find((f) => g.now >= f.from && g.now < f.to);
  if (freeze) {
    return {
      pass: false,
      action: 'skip',
      code: 'change-freeze',
      reason: `inside a change freeze (${freeze.reason})`,
    };
  }
  if (g.windows.length > 0 && !g.windows.some((w) => inWindow(w, g.now))) {
    const list = g.windows.map((w) => `${w.start}-${w.end} UTC${w.days ? ` days ${w.days.join(',')}` : ''}`);
    return {
      pass: false,
      action: 'skip',
      code: 'outside-window',
      reason: `outside the maintenance windows (${list.join('; ')})`,
    };
  }
  if (g.stage.approvable && g.approvalRequired && !g.approved) {
    return {
      pass: false,
      action: 'wait',
      code: 'awaiting-approval',
      reason: `${g.stage.kind} needs an operator's approval`,
    };
  }
  return { pass: true };
}
