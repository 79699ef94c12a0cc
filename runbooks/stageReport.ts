/**
 * Parses the `memfrag-stage 1` block that drop-caches.sh and compact.sh print: key=value lines ending in `end`.
 */
import type { Parsed } from '../src/domain/types';

/** How a remediation script ended on the node. */
export const StageStatus = {
  Done: 'done',
  AlreadyDone: 'already-done',
  Locked: 'locked',
  Error: 'error',
} as const;
export type StageStatus = (typeof StageStatus)[keyof typeof StageStatus];

/** Counters a script read just before or just after its write. */
export interface StageCounters {
  vmstat: Record<string, number>;
  /** kB */
  meminfo: Record<string, number>;
}

/** What one remediation script reported. */
export interface StageReport {
  script: string;
  episode: string;
  stage: string;
  status: StageStatus;
  error?: string;
  /** time the control-file write(s) took, write + settle: the stall the workload saw */
  stallMs?: number;
  /** per NUMA node for per-node compaction, keyed `node0`, ... */
  stallMsByNode: Record<string, number>;
  syncMs?: number;
  /** `ms` when the node's `date` has nanoseconds, `s` when stall times are whole seconds */
  clock: string;
  before: StageCounters;
  after: StageCounters;
  /** every key=value line, as printed */
  fields: Record<string, string>;
}

const STATUSES = new Set<string>(Object.values(StageStatus));

function fail(message: string, line: number, text: string): Parsed<StageReport> {
  return { ok: false, error: { message, line, text } };
}

function put(into: StageCounters, kind: string, key: string, raw: string): void {
  const n = Number(raw);
  if (!Number.isFinite(n)) return;
  if (kind === 'vmstat') into.vmstat[key] = n;
  else if (kind === 'meminfo') into.meminfo[key] = n;
}

function num(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** Parses a script's output; anything before the header (shell noise) is ignored; a missing `end` is an error. */
export function parseStageReport(text: string): Parsed<StageReport> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'memfrag-stage 1');
  if (start < 0) return fail('no memfrag-stage header in the output', 0, '');
  const fields: Record<string, string> = {};
  const before: StageCounters = { vmstat: {}, meminfo: {} };
  const after: StageCounters = { vmstat: {}, meminfo: {} };
  const stallMsByNode: Record<string, number> = {};
  let ended = false;
  for (let i = start + 1; i < lines.length && !ended; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === 'end') ended = true;
    else if (line !== '') {
      const eq = line.indexOf('=');
      if (eq <= 0) return fail('expected key=value', i + 1, line);
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      fields[key] = value;
      const [head, kind, name] = key.split('.');
      if ((head === 'before' || head === 'after') && kind && name)
        put(head === 'before' ? before : after, kind, name, value);
      if (head === 'stall_ms' && kind && num(value) !== undefined) stallMsByNode[kind] = num(value)!;
    }
  }
  if (!ended) return fail('output ends before `end`: cut or interrupted', lines.length, '');
  const status = fields.status ?? '';
  if (!STATUSES.has(status)) return fail(`unknown status ${status}`, 0, status);
  const report: StageReport = {
    script: fields.script ?? '',
    episode: fields.episode ?? '',
    stage: fields.stage ?? '',
    status: status as StageStatus,
    stallMsByNode,
    clock: fields.clock ?? 'ms',
    before,
    after,
    fields,
  };
  const stall = num(fields.stall_ms);
  if (stall !== undefined) report.stallMs = stall;
  const sync = num(fields.sync_ms);
  if (sync !== undefined) report.syncMs = sync;
  if (fields.error !== undefined) report.error = fields.error;
  return { ok: true, value: report };
}
