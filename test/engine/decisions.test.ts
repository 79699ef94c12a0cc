import { describe, expect, it } from 'vitest';
import { diagnoseRunbook, fragmentationRunbook } from '../../runbooks/builtin';
import type { Diagnosis, PlanStage, Verdict, ZoneMetrics } from '../../src/domain/types';
import { classifyOutcome } from '../../src/engine/classifyOutcome';
import { checkGates, inWindow } from '../../src/engine/gates';
import { measureEffect } from '../../src/engine/measureEffect';
import { type DoneStage, nextStage } from '../../src/engine/nextStage';

const DROP: PlanStage = { kind: 'drop_caches', why: 'cache can be freed' };
const COMPACT: PlanStage = { kind: 'compact', why: 'movable memory is fragmented', nodes: [1] };

/** A Normal zone with `atOrAbove` free pages in order-4 blocks and 100000 single pages. */
function zone(atOrAbove: number, node = 0): ZoneMetrics {
  const free = [100_000, 0, 0, 0, atOrAbove / 16, 0, 0, 0, 0, 0, 0];
  return {
    node,
    zone: 'Normal',
    free,
    freePages: 100_000 + atOrAbove,
    freePagesAtOrAbove: atOrAbove,
    unusableIndex: [],
    fragmentationIndex: [],
    score: 0,
  };
}

function diag(verdict: Verdict, plan: PlanStage[] = [], zones: ZoneMetrics[] = [zone(0)]): Diagnosis {
  return {
    verdict,
    severity: 'high',
    targetOrder: 4,
    worst: { node: 0, zone: 'Normal' },
    zones,
    allocationFailures: [],
    plan,
    reasons: [`verdict ${verdict}`],
  };
}

function next(d: Diagnosis, done: DoneStage[] = [], trusted = true) {
  const r = nextStage({
    diagnosis: d,
    trusted,
    problems: trusted ? [] : ['cut'],
    runbook: fragmentationRunbook,
    done,
  });
  return r.kind === 'run' ? `run ${r.stage.kind}` : `stop ${r.code}`;
}

describe('nextStage', () => {
  it.each([
    ['fragmented, nothing done', diag('fragmented', [DROP, COMPACT]), [], 'run drop_caches'],
    [
      'drop_caches had no effect',
      diag('fragmented', [DROP, COMPACT]),
      [{ kind: 'drop_caches', effect: 'no-effect' }],
      'run compact',
    ],
    [
      'drop_caches improved, not enough',
      diag('fragmented', [COMPACT]),
      [{ kind: 'drop_caches', effect: 'improved' }],
      'run compact',
    ],
    [
      'drop_caches regressed',
      diag('fragmented', [COMPACT]),
      [{ kind: 'drop_caches', effect: 'regressed' }],
      'stop stage-outcome',
    ],
    [
      'drop_caches failed',
      diag('fragmented', [COMPACT]),
      [{ kind: 'drop_caches', effect: 'failed' }],
      'stop stage-outcome',
    ],
    [
      'compaction had no effect (never repeated)',
      diag('fragmented', [DROP, COMPACT]),
      [
        { kind: 'drop_caches', effect: 'no-effect' },
        { kind: 'compact', effect: 'no-effect' },
      ],
      'stop stage-outcome',
    ],
    ['healthy before anything', diag('healthy'), [], 'stop healthy'],
    [
      'healthy after drop_caches',
      diag('healthy'),
      [{ kind: 'drop_caches', effect: 'resolved' }],
      'stop target-met',
    ],
    ['unmovable: only drop_caches', diag('unmovable', [DROP]), [], 'run drop_caches'],
    [
      'unmovable after drop_caches',
      diag('unmovable', [COMPACT]),
      [{ kind: 'drop_caches', effect: 'no-effect' }],
      'stop compaction-cannot-help',
    ],
    ['unmovable with nothing planned', diag('unmovable', []), [], 'stop compaction-cannot-help'],
    [
      'low memory after drop_caches',
      diag('low-memory', [DROP, COMPACT]),
      [{ kind: 'drop_caches', effect: 'no-effect' }],
      'stop memory-exhausted',
    ],
    ['unknown verdict', diag('unknown', [DROP]), [], 'stop verdict-unknown'],
    ['fragmented, empty plan', diag('fragmented', []), [], 'stop nothing-planned'],
  ] as [string, Diagnosis, DoneStage[], string][])('%s -> %s', (_name, d, done, expected) => {
    expect(next(d, done)).toBe(expected);
  });

  it('never acts on untrusted evidence, whatever the verdict says', () => {
    expect(next(diag('fragmented', [DROP, COMPACT]), [], false)).toBe('stop evidence-untrusted');
  });

  it('only diagnoses with the diagnose runbook', () => {
    const r = nextStage({
      diagnosis: diag('fragmented', [DROP]),
      trusted: true,
      problems: [],
      runbook: diagnoseRunbook,
      done: [],
    });
    expect(r).toMatchObject({ kind: 'stop', code: 'diagnose-only' });
  });
});

describe('checkGates', () => {
  const stage = fragmentationRunbook.stages[1]!; // compact: 600 s, approvable
  const base = {
    stage,
    now: Date.UTC(2026, 0, 5, 3, 0),
    probeTimeoutSeconds: 60,
    marginMs: 5000,
    windows: [],
    freezes: [],
    approvalRequired: false,
    approved: false,
  };

  it.each([
    ['no gate', {}, 'pass'],
    ['deadline too close', { deadline: base.now + 600_000 }, 'stop deadline'],
    ['deadline far enough', { deadline: base.now + 700_000 }, 'pass'],
    [
      'inside a freeze',
      { freezes: [{ from: base.now - 1, to: base.now + 1, reason: 'release' }] },
      'skip change-freeze',
    ],
    ['outside the windows', { windows: [{ start: '22:00', end: '02:00' }] }, 'skip outside-window'],
    ['inside a window', { windows: [{ start: '02:00', end: '04:00' }] }, 'pass'],
    ['approval required', { approvalRequired: true }, 'wait awaiting-approval'],
    ['approval given', { approvalRequired: true, approved: true }, 'pass'],
  ])('%s -> %s', (_n, over, expected) => {
    const g = checkGates({ ...base, ...over });
    expect(g.pass ? 'pass' : `${g.action} ${g.code}`).toBe(expected);
  });

  it('needs no approval for drop_caches', () => {
    expect(checkGates({ ...base, stage: fragmentationRunbook.stages[0]!, approvalRequired: true }).pass).toBe(
      true,
    );
  });

  it('handles windows past midnight and days of the week', () => {
    const mon0100 = Date.UTC(2026, 0, 5, 1, 0); // a Monday
    expect(inWindow({ start: '22:00', end: '02:00' }, mon0100)).toBe(true);
    expect(inWindow({ start: '22:00', end: '02:00', days: [0] }, mon0100)).toBe(true); // began Sunday
    expect(inWindow({ start: '22:00', end: '02:00', days: [1] }, mon0100)).toBe(false);
    expect(inWindow({ start: '00:00', end: '01:00' }, mon0100)).toBe(false);
  });
});

describe('measureEffect and classifyOutcome', () => {
  const before = diag('fragmented', [DROP], [zone(1600)]);

  it.each([
    ['healthy after', diag('healthy', [], [zone(50_000)]), 'resolved'],
    ['many more suitable pages', diag('fragmented', [], [zone(5_000)]), 'improved'],
    ['within noise', diag('fragmented', [], [zone(1_632)]), 'no-effect'],
    ['fewer suitable pages', diag('fragmented', [], [zone(800)]), 'regressed'],
  ])('%s -> %s', (_n, after, cls) => {
    expect(measureEffect(before, after).class).toBe(cls);
  });

  it('reports counter deltas, stall and cache dropped from the script report', () => {
    const report = {
      script: 'drop-caches',
      episode: 'e',
      stage: 's',
      status: 'done' as const,
      stallMs: 42,
      stallMsByNode: {},
      clock: 'ms',
      fields: {},
      before: { vmstat: { drop_pagecache: 1 }, meminfo: { Cached: 1000, SReclaimable: 300 } },
      after: { vmstat: { drop_pagecache: 2 }, meminfo: { Cached: 100, SReclaimable: 200 } },
    };
    expect(measureEffect(before, before, report)).toMatchObject({
      stallMs: 42,
      vmstatDelta: { drop_pagecache: 1 },
      pageCacheDroppedKb: 900,
      slabDroppedKb: 100,
    });
  });

  const stop = { code: 'x', reason: 'why' };
  it.each([
    ['nothing ran', { initial: before, final: before, stages: [], failed: false }, 'skipped'],
    ['probe failed, nothing ran', { initial: null, final: null, stages: [], failed: true }, 'failed'],
    [
      'healthy at the end',
      { initial: before, final: diag('healthy'), stages: ['improved'], failed: false },
      'resolved',
    ],
    [
      'better but not healthy',
      {
        initial: before,
        final: diag('fragmented', [], [zone(9_000)]),
        stages: ['improved', 'no-effect'],
        failed: false,
      },
      'improved',
    ],
    [
      'unchanged (compaction did not help)',
      { initial: before, final: before, stages: ['no-effect', 'no-effect'], failed: false },
      'no-effect',
    ],
    [
      'a stage failed and nothing improved',
      { initial: before, final: before, stages: ['failed'], failed: true },
      'failed',
    ],
    [
      'no trusted probe after the stages',
      { initial: before, final: null, stages: ['no-effect'], failed: false },
      'failed',
    ],
  ] as const)('%s -> %s', (_n, input, outcome) => {
    expect(classifyOutcome({ ...input, stages: [...input.stages], stop }).outcome).toBe(outcome);
  });
});
