/** Turns one probe task result into a diagnosis, or into the reasons it must not drive a remediation. */
import { evaluate } from '../domain/evaluate';
import { parseProbeReport } from '../domain/parseProbeReport';
import { defaultRules, type Rules } from '../domain/rules';
import type { Diagnosis, Evidence } from '../domain/types';
import type { TaskResult } from '../ports';

/** A probe's result judged: trusted evidence with its diagnosis, or the problems that make it untrusted. */
export interface Assessment {
  trusted: boolean;
  problems: string[];
  /** the probe did not run to completion on the node (not delivered, failed, timed out) */
  taskFailed: boolean;
  evidence: Evidence | null;
  diagnosis: Diagnosis | null;
  raw: string;
}

function untrusted(result: TaskResult, problems: string[], taskFailed: boolean): Assessment {
  return { trusted: false, problems, taskFailed, evidence: null, diagnosis: null, raw: result.output };
}

/** Rules with the runbook's target order applied. */
export function rulesFor(base: Rules | undefined, targetOrder: number | undefined): Rules {
  const rules = base ?? defaultRules;
  return targetOrder === undefined ? rules : { ...rules, targetOrder };
}

/** Judges a probe result: transport, then format, then evidence consistency, then the rules. */
export function assess(result: TaskResult, rules: Rules): Assessment {
  if (result.outcome !== 'success') {
    return untrusted(
      result,
      [`the probe ${result.outcome}: ${result.error ?? `exit code ${result.exitCode}`}`],
      true,
    );
  }
  if (result.dropped > 0 || !result.outputComplete) {
    return untrusted(
      result,
      [`the probe output was cut in transit (${result.dropped} bytes dropped)`],
      false,
    );
  }
  const parsed = parseProbeReport(result.output);
  if (!parsed.ok) {
    return untrusted(
      result,
      [`the probe report does not parse: ${parsed.error.message} (line ${parsed.error.line})`],
      false,
    );
  }
  const evidence = parsed.value;
  const diagnosis = evaluate(evidence, rules);
  const problems = [...evidence.problems];
  if (!evidence.complete && problems.length === 0) problems.push('the probe report is incomplete');
  return {
    trusted: problems.length === 0,
    problems,
    taskFailed: false,
    evidence,
    diagnosis,
    raw: result.output,
  };
}

/** The small JSON summary stored beside a snapshot's raw text. */
export function snapshotSummary(a: Assessment): Record<string, unknown> {
  const d = a.diagnosis;
  return {
    trusted: a.trusted,
    problems: a.problems,
    verdict: d?.verdict ?? 'unknown',
    severity: d?.severity ?? null,
    targetOrder: d?.targetOrder ?? null,
    worst: d?.worst ?? null,
    plan: d?.plan ?? [],
    reasons: d?.reasons ?? [],
    zones: (d?.zones ?? []).map((z) => ({
      node: z.node,
      zone: z.zone,
      free: z.free,
      freePages: z.freePages,
      freePagesAtOrAbove: z.freePagesAtOrAbove,
      unusableIndex: z.unusableIndex,
    })),
  };
}
