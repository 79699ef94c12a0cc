/** Hand-built records shaped like the engine's, for fast renderer and command tests (hostile text included). */
import type { Decision, Episode, Snapshot, StageRecord } from '../../src/ports';
import type { EpisodeRecords, ReportRecords } from '../../src/report/records';

/** Text a node or an operator could put in a record. */
export const EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>';

export const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);

const zone = (zoneName: string, free: number[], unusableIndex: number[]) => ({
  node: 0,
  zone: zoneName,
  free,
  freePages: free.reduce((s, b, o) => s + b * 2 ** o, 0),
  freePagesAtOrAbove: free.reduce((s, b, o) => (o >= 4 ? s + b * 2 ** o : s), 0),
  unusableIndex,
});

const BEFORE = zone(
  'Normal',
  [36458, 3479, 77, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 833, 992, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
);
const AFTER = zone(
  'Normal',
  [3195, 1313, 762, 537, 410, 379, 360, 288, 207, 171, 70],
  [0, 10, 19, 29, 43, 64, 104, 180, 301, 476, 764],
);

function snapshot(
  id: string,
  episodeId: string,
  stageId: string,
  at: number,
  verdict: string,
  z: typeof BEFORE,
): Snapshot {
  return {
    id,
    episodeId,
    stageId,
    runId: null,
    instanceId: 'ins-frag0001',
    takenAt: at,
    trusted: true,
    raw: `probe output ${EVIL}`,
    summary: {
      verdict,
      targetOrder: 4,
      worst: { node: 0, zone: 'Normal' },
      reasons: [`reason ${EVIL}`],
      problems: [],
      zones: [z],
    },
  };
}

function stage(
  id: string,
  episodeId: string,
  name: string,
  at: number,
  ms: number,
  result: Record<string, unknown>,
): StageRecord {
  return { id, episodeId, name, state: 'done', startedAt: at, endedAt: at + ms, result };
}

function decision(
  id: string,
  episodeId: string | null,
  at: number,
  action: string,
  code: string,
  reason: string,
): Decision {
  return {
    id,
    at,
    episodeId,
    runId: 'run-1',
    instanceId: 'ins-frag0001',
    action,
    code,
    reason,
    details: null,
  };
}

function episode(id: string, instanceId: string, over: Partial<Episode>): Episode {
  return {
    id,
    instanceId,
    problem: 'fragmentation',
    runbook: 'fragmentation',
    state: 'closed',
    outcome: null,
    reason: `alarm ${EVIL}`,
    trigger: 'alarm',
    runId: 'run-1',
    dryRun: false,
    params: {},
    stage: null,
    createdAt: T0,
    updatedAt: T0,
    closedAt: null,
    waitUntil: null,
    summary: null,
    ...over,
  };
}

/** A fragmented node fixed by drop_caches: probe, drop_caches, re-probe, an effect, four decisions. */
export function resolvedEpisode(): EpisodeRecords {
  const id = 'ep-resolved';
  return {
    episode: episode(id, 'ins-frag0001', {
      outcome: 'resolved',
      closedAt: T0 + 9_000,
      summary: { verdictBefore: 'fragmented', outcomeReason: 'resolved: order 4 allocations can be served' },
    }),
    stages: [
      stage('st-1', id, 'probe', T0 + 100, 1200, { task: 'success', verdict: 'fragmented' }),
      stage('st-2', id, 'drop_caches', T0 + 1400, 2500, {
        task: 'success',
        status: 'done',
        stallMs: 900,
        effect: 'resolved',
      }),
      stage('st-3', id, 'reprobe', T0 + 4000, 1100, { task: 'success', verdict: 'healthy' }),
    ],
    snapshots: [
      snapshot('sn-1', id, 'st-1', T0 + 1200, 'fragmented', BEFORE),
      snapshot('sn-2', id, 'st-3', T0 + 5000, 'healthy', AFTER),
    ],
    effects: [
      {
        id: 'eff-1',
        episodeId: id,
        stageId: 'st-2',
        instanceId: 'ins-frag0001',
        at: T0 + 5100,
        effect: {
          stage: 'drop_caches',
          class: 'resolved',
          reason: 'the node is healthy at order 4 now',
          targetOrder: 4,
          stallMs: 900,
          pageCacheDroppedKb: 1_337_028,
          slabDroppedKb: 26_700,
          zones: [
            {
              node: 0,
              zone: 'Normal',
              freePagesAtOrAbove: { before: 0, after: 290816 },
              unusableIndex: { before: 1000, after: 43 },
            },
          ],
        },
      },
    ],
    decisions: [
      decision('d-1', id, T0 + 50, 'open', 'opened-episode', `alarm opened the episode: ${EVIL}`),
      decision('d-2', id, T0 + 1300, 'act', 'drop_caches', '1383 MiB of page cache can be freed'),
      decision(
        'd-3',
        id,
        T0 + 5100,
        'measure',
        'effect-resolved',
        'drop_caches: the node is healthy at order 4 now',
      ),
      decision('d-4', id, T0 + 5200, 'stop', 'target-met', 'the target is met'),
    ],
  };
}

/** A node whose probe never arrived: no snapshot, one failed stage. */
export function failedEpisode(): EpisodeRecords {
  const id = 'ep-failed';
  return {
    episode: episode(id, 'ins-lost0001', { outcome: 'failed', closedAt: T0 + 3000, createdAt: T0 - 1000 }),
    stages: [
      {
        ...stage('st-9', id, 'probe', T0, 2000, { task: 'not-delivered', error: `agent offline ${EVIL}` }),
        state: 'failed',
      },
    ],
    snapshots: [],
    effects: [],
    decisions: [decision('d-9', id, T0 + 2100, 'stop', 'probe-failed', `the probe not-delivered: ${EVIL}`)],
  };
}

/** Both episodes and a run-level decision. */
export function sampleRecords(): ReportRecords {
  return {
    generatedAt: T0 + 60_000,
    scope: 'episodes since 2026-11-27 03:00:00Z',
    episodes: [resolvedEpisode(), failedEpisode()],
    runDecisions: [decision('d-run', null, T0 + 6000, 'stop', 'canary-failed', `canary: ${EVIL}`)],
  };
}
