/** Record contract: stages, snapshots, effects, decisions and runs round-trip and filter. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decision, RunRecord, Snapshot, StageRecord } from '../../../../src/ports';
import { type GetStore, T0, uid } from './fixtures';

/** Defines the records tests over the store `store()` returns. */
export function recordContract(store: GetStore): void {
  describe('stages, snapshots, effects', () => {
    it('adds, updates and lists stages in start order', async () => {
      const ep = uid('ep-st');
      const later: StageRecord = {
        id: uid('st'),
        episodeId: ep,
        name: 'drop_caches',
        state: 'running',
        startedAt: T0 + 50,
        endedAt: null,
        result: null,
        script: 'drop-caches',
      };
      const first: StageRecord = {
        id: uid('st'),
        episodeId: ep,
        name: 'probe',
        state: 'done',
        startedAt: T0,
        endedAt: T0 + 9,
        result: { outcome: 'success', exitCode: 0 },
      };
      await store().addStage(later);
      await store().addStage(first);
      await store().updateStage(later.id, {
        state: 'failed',
        endedAt: T0 + 70,
        result: { error: 'timeout', ok: false },
      });
      await store().updateStage(later.id, {});
      expect(await store().listStages(ep)).toEqual([
        { ...first, script: null },
        { ...later, state: 'failed', endedAt: T0 + 70, result: { error: 'timeout', ok: false } },
      ]);
      expect(await store().listStages('other')).toEqual([]);
      await expect(store().updateStage('no-such-stage', { state: 'done' })).rejects.toThrow(/not found/);
    });

    it('keeps a snapshot raw report byte for byte and its summary as JSON', async () => {
      const ins = uid('ins-snap');
      const raw = 'Node 0, zone   Normal   4096   1024   0   0\n# ünïcode ✓\ttab\r\n';
      const a: Snapshot = {
        id: uid('sn'),
        episodeId: 'ep-a',
        stageId: 'st-a',
        runId: 'run-s',
        instanceId: ins,
        takenAt: T0 + 2,
        trusted: true,
        raw,
        summary: { verdict: 'fragmented', free: [4096, 1024, 0, 0], ratio: 0.125 },
      };
      const b: Snapshot = {
        id: uid('sn'),
        episodeId: null,
        stageId: null,
        runId: 'run-s',
        instanceId: ins,
        takenAt: T0 + 1,
        trusted: false,
        raw: '',
        summary: {},
      };
      await store().addSnapshot(a);
      await store().addSnapshot(b);
      expect(await store().listSnapshots({ instanceId: ins })).toEqual([b, a]);
      expect(await store().listSnapshots({ episodeId: 'ep-a', instanceId: ins })).toEqual([a]);
      expect(await store().listSnapshots({ runId: 'run-s', instanceId: ins })).toEqual([b, a]);
    });

    it('stores a NUL from garbled output as U+FFFD instead of failing', async () => {
      const ins = uid('ins-nul');
      await store().addSnapshot({
        id: uid('sn'),
        episodeId: null,
        stageId: null,
        runId: null,
        instanceId: ins,
        takenAt: T0,
        trusted: false,
        raw: 'a\0b',
        summary: { text: 'c\0d' },
      });
      const [s] = await store().listSnapshots({ instanceId: ins });
      expect(s?.raw).toBe('a\uFFFDb');
      expect(s?.summary).toEqual({ text: 'c\uFFFDd' });
    });

    it('round-trips any JSON summary', async () => {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), async (summary) => {
          const ins = uid('ins-prop');
          await store().addSnapshot({
            id: uid('sn'),
            episodeId: null,
            stageId: null,
            runId: null,
            instanceId: ins,
            takenAt: T0,
            trusted: true,
            raw: 'x',
            summary,
          });
          const [s] = await store().listSnapshots({ instanceId: ins });
          expect(s?.summary).toEqual(JSON.parse(JSON.stringify(summary).replaceAll('\\u0000', '\\ufffd')));
        }),
        { numRuns: 40 },
      );
    });

    it('lists effects of an episode in time order', async () => {
      const ep = uid('ep-ef');
      const e2 = {
        id: uid('ef'),
        episodeId: ep,
        stageId: 's2',
        instanceId: 'i',
        at: T0 + 2,
        effect: { orderFreeBefore: 0, orderFreeAfter: 12 },
      };
      const e1 = {
        id: uid('ef'),
        episodeId: ep,
        stageId: 's1',
        instanceId: 'i',
        at: T0 + 1,
        effect: { delta: -1.5 },
      };
      await store().addEffect(e2);
      await store().addEffect(e1);
      expect(await store().listEffects(ep)).toEqual([e1, e2]);
    });
  });

  describe('decisions and runs', () => {
    it('records decisions with nulls and filters them', async () => {
      const ins = uid('ins-dec');
      const skip: Decision = {
        id: uid('d'),
        at: T0 + 1,
        episodeId: null,
        runId: 'run-d',
        instanceId: ins,
        action: 'skip',
        code: 'cooldown',
        reason: 'closed 5 min ago',
        details: null,
      };
      const act: Decision = {
        id: uid('d'),
        at: T0 + 2,
        episodeId: 'ep-d',
        runId: 'run-d',
        instanceId: ins,
        action: 'act',
        code: 'fragmented',
        reason: 'order 6 empty',
        details: { order: 6, budget: { left: 2 } },
      };
      const fleet: Decision = {
        id: uid('d'),
        at: T0 + 3,
        episodeId: null,
        runId: 'run-d',
        instanceId: null,
        action: 'stop',
        code: 'budget-exhausted',
        reason: 'no slots',
        details: null,
      };
      await store().addDecision(fleet);
      await store().addDecision(act);
      await store().addDecision(skip);
      expect(await store().listDecisions({ instanceId: ins })).toEqual([skip, act]);
      expect(await store().listDecisions({ runId: 'run-d' })).toEqual([skip, act, fleet]);
      expect(await store().listDecisions({ runId: 'run-d', since: T0 + 2 })).toEqual([act, fleet]);
      expect(await store().listDecisions({ episodeId: 'ep-d' })).toEqual([act]);
    });

    it('adds, updates, gets and lists runs newest first', async () => {
      const kind = 'shard' as const;
      const base = T0 + 900_000; // the only runs in this store are written here
      const parent: RunRecord = {
        id: uid('run'),
        kind: 'sweep',
        parentId: null,
        state: 'running',
        startedAt: base,
        endedAt: null,
        summary: null,
      };
      const shard: RunRecord = {
        id: uid('run'),
        kind,
        parentId: parent.id,
        state: 'running',
        startedAt: base + 1,
        endedAt: null,
        summary: null,
      };
      await store().addRun(parent);
      await store().addRun(shard);
      await store().updateRun(shard.id, {
        state: 'done',
        endedAt: base + 9,
        summary: { nodes: 120, remediated: 3 },
      });
      expect(await store().getRun(shard.id)).toEqual({
        ...shard,
        state: 'done',
        endedAt: base + 9,
        summary: { nodes: 120, remediated: 3 },
      });
      expect(await store().getRun('no-such-run')).toBeNull();
      await expect(store().updateRun('no-such-run', { state: 'done' })).rejects.toThrow(/not found/);
      const recent = await store().listRuns({ since: base });
      expect(recent.map((r) => r.id)).toEqual([shard.id, parent.id]);
      expect((await store().listRuns({ since: base, kind: 'sweep' })).map((r) => r.id)).toEqual([parent.id]);
      expect((await store().listRuns({ since: base, limit: 1 })).map((r) => r.id)).toEqual([shard.id]);
    });
  });
}
