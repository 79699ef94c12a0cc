/** The built-in runbooks: `fragmentation` (staged remediation) and `diagnose` (probe and evaluate only). */
import { InputError } from '../src/errors';
import { type Runbook, type RunbookParams, RunbookParamsSchema, RunbookSchema } from './runbook';

/** probe -> evaluate -> drop_caches -> re-probe -> evaluate -> compact -> re-probe -> evaluate -> outcome */
export const fragmentationRunbook: Runbook = RunbookSchema.parse({
  name: 'fragmentation',
  problem: 'fragmentation',
  description: 'Drop caches, then (only if still needed, allowed and in budget) compact; verify each stage.',
  probe: { timeoutSeconds: 60 },
  stages: [
    {
      kind: 'drop_caches',
      script: 'drop-caches',
      timeoutSeconds: 300,
      // low memory: freeing clean cache is the one thing that can help
      allowedVerdicts: ['fragmented', 'low-memory', 'unmovable'],
      escalateOn: ['improved', 'no-effect'],
      stopOn: ['resolved', 'regressed', 'failed'],
    },
    {
      kind: 'compact',
      script: 'compact',
      timeoutSeconds: 600,
      // compaction moves only movable pages and needs free memory to move them into
      allowedVerdicts: ['fragmented'],
      escalateOn: [],
      stopOn: ['resolved', 'improved', 'no-effect', 'regressed', 'failed'],
      approvable: true,
    },
  ],
});

/** probe and evaluate only: no side effect on the node */
export const diagnoseRunbook: Runbook = RunbookSchema.parse({
  name: 'diagnose',
  problem: 'diagnose',
  description: 'Probe the node and evaluate the evidence; never remediate.',
  probe: { timeoutSeconds: 60 },
  stages: [],
});

/** The built-in runbooks by name. */
export const BUILTIN_RUNBOOKS: Readonly<Record<string, Runbook>> = {
  fragmentation: fragmentationRunbook,
  diagnose: diagnoseRunbook,
};

/** The runbook named `name`; InputError when there is none. */
export function getRunbook(name: string): Runbook {
  const rb = Object.hasOwn(BUILTIN_RUNBOOKS, name) ? BUILTIN_RUNBOOKS[name] : undefined;
  if (!rb) throw new InputError(`unknown runbook ${name}`, { field: 'runbook' });
  return rb;
}

/** A runbook's parameters with a request's overrides applied and validated; InputError on anything unknown. */
export function resolveParams(runbook: Runbook, overrides: unknown = {}): RunbookParams {
  const base = runbook.params;
  const o = (overrides ?? {}) as Record<string, Record<string, unknown> | unknown>;
  if (typeof o !== 'object' || Array.isArray(o))
    throw new InputError('params must be an object', { field: 'params' });
  const merged = {
    ...base,
    ...o,
    dropCaches: { ...base.dropCaches, ...((o as { dropCaches?: object }).dropCaches ?? {}) },
    compaction: { ...base.compaction, ...((o as { compaction?: object }).compaction ?? {}) },
  };
  const parsed = RunbookParamsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `invalid runbook parameter: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      {
        field: `params.${issue?.path.join('.') ?? ''}`,
      },
    );
  }
  return parsed.data;
}
