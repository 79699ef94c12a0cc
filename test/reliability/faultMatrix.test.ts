/**
 * Fault matrix: every fault the TAT emulator injects, and every API fault the loopback proxy injects, at
 * every task of the fragmentation runbook (1 probe, 2 drop_caches, 3 re-probe, 4 compact, 5 re-probe) on
 * an `anonymous` node (which needs all five). Per cell: the recorded outcome, which remediation scripts
 * wrote to the node's control files (its own log), the episode closed, no stage left running.
 * Heavy: about 40 s (hang cells wait for their 3 s command timeout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Faults } from '../../src/emulator/fleetSpec';
import type { EpisodeReport } from '../../src/engine/types';
import type { ApiFault } from './faultProxy';
import { type MatrixHarness, matrixHarness } from './matrixHarness';

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

// expected per task position 1..5: `outcome/writers`, writers = scripts that wrote (d = drop-caches, c = compact)
const NOT_DELIVERED = ['failed/', 'failed/', 'failed/d', 'improved/d', 'failed/dc'];
// the script ran and wrote, its task then failed or timed out: the script's own report says what it did
const RAN_BADLY = ['failed/', 'resolved/dc', 'failed/d', 'resolved/dc', 'failed/dc'];
const ALL_GOOD = ['resolved/dc', 'resolved/dc', 'resolved/dc', 'resolved/dc', 'resolved/dc'];

const EMULATOR_FAULTS: [string, Faults, string[]][] = [
  ['agent offline', { agent: 'offline' }, NOT_DELIVERED],
  ['agent not installed', { agent: 'not-installed' }, NOT_DELIVERED],
  ['instance stopped', { instanceState: 'STOPPED' }, NOT_DELIVERED],
  ['delivery failed', { delivery: 'failed' }, NOT_DELIVERED],
  ['TASK_TIMEOUT (agent silent)', { taskTimeout: true }, NOT_DELIVERED],
  ['delivery delayed', { delivery: 'delayed' }, ALL_GOOD],
  ['slow API (per instance)', { slowApiMs: 300 }, ALL_GOOD],
  ['non-zero exit', { exitCode: 3 }, RAN_BADLY],
  ['command timeout (hang)', { hang: true }, RAN_BADLY],
  // untrusted output: never acted on; an unreadable stage report fails the episode without going further
  ['garbled output', { garbled: true }, ['skipped/', 'failed/d', 'failed/d', 'improved/dc', 'failed/dc']],
  [
    'cut output (Dropped > 0)',
    { hugeOutput: true },
    ['skipped/', 'resolved/dc', 'failed/d', 'resolved/dc', 'failed/dc'],
  ],
];

function writers(h: MatrixHarness, id: string): string {
  return h.emu
    .node(id)
    .log.filter((e) => e.writes.length > 0)
    .map((e) => (e.name === 'drop-caches' ? 'd' : e.name === 'compact' ? 'c' : '?'))
    .join('');
}

async function assertClosedCleanly(h: MatrixHarness, r: EpisodeReport): Promise<void> {
  expect(r.state).toBe('closed');
  const stages = await h.store.listStages(r.episodeId!);
  expect(stages.filter((s) => s.state === 'running')).toEqual([]);
}

describe('fault matrix: emulator faults x runbook tasks', () => {
  let h: MatrixHarness;
  beforeAll(async () => {
    h = await matrixHarness({
      groups: [{ count: EMULATOR_FAULTS.length * 5, prefix: 'anon', state: 'anonymous' }],
    });
  });
  afterAll(() => h.close());

  it.each(EMULATOR_FAULTS.map((f, i) => [...f, i] as const))(
    'records the right outcome for %s at each task and acts on no untrusted evidence',
    async (_name, faults, expected, row) => {
      const ids = h.ids.slice(row * 5, row * 5 + 5);
      h.arm(ids.map((instanceId, i) => ({ instanceId, task: i + 1, faults })));
      const run = await h.engine.runFleet(
        ids.map((instanceId) => ({ instanceId, trigger: 'sweep' as const, reason: 'fault matrix' })),
      );
      const got = [];
      for (const [i, r] of run.episodes.entries()) {
        await assertClosedCleanly(h, r);
        got.push(`${r.outcome}/${writers(h, ids[i]!)}`);
      }
      expect(got).toEqual(expected);
      // every untrusted probe is recorded as such, with the reason
      for (const r of run.episodes.filter((e) => e.code === 'evidence-untrusted'))
        expect(r.reason).not.toBe('');
    },
    60_000,
  );
});

// API faults on the k-th RunCommand (the write) or on the first poll after it (a read)
const API_FAULTS: ApiFault[] = ['throttle', '5xx', 'reset', 'stall', 'slow'];
// a lost or refused RunCommand answer is never resent (it may have run): the stage is failed or unknown
const WRITE_EXPECTED: Record<ApiFault, string[]> = {
  throttle: ALL_GOOD,
  slow: ALL_GOOD,
  pass: ALL_GOOD,
  '5xx': NOT_DELIVERED,
  reset: ['failed/', 'failed/', 'failed/d', 'improved/d', 'failed/dc'],
  stall: ['failed/', 'failed/d', 'failed/d', 'improved/dc', 'failed/dc'],
};

describe('fault matrix: API faults (proxy) x runbook tasks', () => {
  let h: MatrixHarness;
  let next = 0;
  beforeAll(async () => {
    h = await matrixHarness({
      groups: [{ count: API_FAULTS.length * 10, prefix: 'anon', state: 'anonymous' }],
    });
  });
  afterAll(() => h.close());

  async function cell(action: string, fault: ApiFault, task: number): Promise<string> {
    const id = h.ids[next++]!;
    let fired = false;
    h.proxy.setRule((a, runCommands) => {
      const stage = a === 'RunCommand' ? runCommands + 1 : runCommands;
      if (fired || a !== action || stage !== task) return 'pass';
      fired = true;
      return fault;
    });
    const r = await h.engine.runEpisode({ instanceId: id, trigger: 'manual', reason: 'api fault matrix' });
    expect(fired).toBe(true);
    await assertClosedCleanly(h, r);
    return `${r.outcome}/${writers(h, id)}`;
  }

  // reads: a gateway 5xx and a stalled answer stand for the rest (throttle and reset take the same retry path)
  it.each(['5xx', 'stall'] as ApiFault[])(
    'retries a %s on DescribeInvocationTasks at each task',
    async (fault) => {
      const got = [];
      for (let task = 1; task <= 5; task++) got.push(await cell('DescribeInvocationTasks', fault, task));
      // reads are retried: the runbook finishes as if nothing happened
      expect(got).toEqual(ALL_GOOD);
    },
    60_000,
  );

  it.each(API_FAULTS)(
    'never resends a RunCommand after a %s and records the outcome',
    async (fault) => {
      const got = [];
      for (let task = 1; task <= 5; task++) got.push(await cell('RunCommand', fault, task));
      expect(got).toEqual(WRITE_EXPECTED[fault]);
    },
    60_000,
  );
});

describe('error budget of a sweep', () => {
  let h: MatrixHarness;
  beforeAll(async () => {
    h = await matrixHarness({
      groups: [
        { count: 2, prefix: 'lost', state: 'pagecache', faults: { agent: 'offline' } },
        { count: 4, prefix: 'pc', state: 'pagecache' },
      ],
    });
  });
  afterAll(() => h.close());

  it('continues past single node failures while the budget lasts, then stops', async () => {
    const [lost1, lost2, ...ok] = h.ids;
    const req = (instanceId: string) => ({ instanceId, trigger: 'sweep' as const, reason: 'sweep' });
    const within = await h.engine.runFleet([req(lost1!), ...ok.slice(0, 2).map(req)], { maxErrors: 1 });
    expect(within.state).toBe('done');
    expect(within.episodes.map((e) => e.outcome)).toEqual(['failed', 'resolved', 'resolved']);
    const over = await h.engine.runFleet([req(lost2!), ...ok.slice(2).map(req)], { maxErrors: 0 });
    expect(over.state).toBe('stopped');
    expect(over.decisions.map((d) => d.code)).toContain('circuit-open');
    // the healthy nodes of the stopped run were never written to
    for (const id of ok.slice(2)) expect(writers(h, id)).toBe('');
  }, 60_000);
});
