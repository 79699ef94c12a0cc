/** Episode contract: open/join, patches, filters, cooldown queries. */
import { describe, expect, it } from 'vitest';
import { type GetStore, newEpisode, T0, uid } from './fixtures';

/** Defines the episodes tests over the store `store()` returns. */
export function episodeContract(store: GetStore): void {
  describe('episodes', () => {
    it('opens an episode and reads every field back', async () => {
      const input = newEpisode({
        runId: 'run-1',
        dryRun: true,
        params: { order: 6, stages: ['probe'], nested: { a: null } },
      });
      const { episode, joined } = await store().openOrJoinEpisode(input);
      expect(joined).toBe(false);
      const expected = {
        id: input.id,
        instanceId: input.instanceId,
        problem: 'fragmentation',
        runbook: 'fragmentation-default',
        state: 'open',
        outcome: null,
        reason: 'alarm: order-6 failures',
        trigger: 'alarm',
        runId: 'run-1',
        dryRun: true,
        params: { order: 6, stages: ['probe'], nested: { a: null } },
        stage: null,
        createdAt: T0,
        updatedAt: T0,
        closedAt: null,
        waitUntil: null,
        summary: null,
      };
      expect(episode).toEqual(expected);
      expect(await store().getEpisode(input.id)).toEqual(expected);
    });

    it('defaults dryRun to false, params to {} and runId to null', async () => {
      const { episode } = await store().openOrJoinEpisode(newEpisode());
      expect(episode).toMatchObject({ dryRun: false, params: {}, runId: null });
    });

    it('joins the open episode for the same instance and problem', async () => {
      const first = await store().openOrJoinEpisode(newEpisode({ instanceId: 'ins-join' }));
      const second = await store().openOrJoinEpisode(
        newEpisode({ instanceId: 'ins-join', trigger: 'sweep' }),
      );
      expect(second.joined).toBe(true);
      expect(second.episode.id).toBe(first.episode.id);
      expect(second.episode.trigger).toBe('alarm');
      const other = await store().openOrJoinEpisode(newEpisode({ instanceId: 'ins-join', problem: 'oom' }));
      expect(other.joined).toBe(false);
    });

    it('opens a new episode once the previous one is closed', async () => {
      const first = await store().openOrJoinEpisode(newEpisode({ instanceId: 'ins-reopen' }));
      await store().updateEpisode(first.episode.id, { state: 'closed', outcome: 'resolved', now: T0 + 5 });
      const next = await store().openOrJoinEpisode(newEpisode({ instanceId: 'ins-reopen', now: T0 + 10 }));
      expect(next.joined).toBe(false);
      expect(next.episode.id).not.toBe(first.episode.id);
    });

    it('patches an episode and stamps closedAt when it closes', async () => {
      const { episode } = await store().openOrJoinEpisode(newEpisode());
      const running = await store().updateEpisode(episode.id, {
        state: 'running',
        stage: 'probe',
        waitUntil: T0 + 60_000,
        summary: { verdict: 'fragmented', zones: [{ node: 0, free: [1, 0, 0] }] },
        now: T0 + 1,
      });
      expect(running).toMatchObject({
        state: 'running',
        stage: 'probe',
        waitUntil: T0 + 60_000,
        updatedAt: T0 + 1,
      });
      expect(running.summary).toEqual({ verdict: 'fragmented', zones: [{ node: 0, free: [1, 0, 0] }] });
      const closed = await store().updateEpisode(episode.id, {
        state: 'closed',
        outcome: 'improved',
        stage: null,
        now: T0 + 2,
      });
      expect(closed).toMatchObject({ state: 'closed', outcome: 'improved', stage: null, closedAt: T0 + 2 });
      expect(closed.summary).toEqual(running.summary);
      const cleared = await store().updateEpisode(episode.id, {
        summary: null,
        waitUntil: null,
        now: T0 + 3,
      });
      expect(cleared).toMatchObject({ summary: null, waitUntil: null, closedAt: T0 + 2 });
    });

    it('returns null for an unknown episode and refuses to update one', async () => {
      expect(await store().getEpisode('no-such-episode')).toBeNull();
      await expect(store().updateEpisode('no-such-episode', { state: 'closed', now: T0 })).rejects.toThrow(
        /not found/,
      );
    });

    it('refuses an episode id that is already used by a closed episode', async () => {
      const { episode } = await store().openOrJoinEpisode(newEpisode());
      await store().updateEpisode(episode.id, { state: 'closed', now: T0 });
      await expect(store().openOrJoinEpisode(newEpisode({ id: episode.id }))).rejects.toThrow(/already used/);
    });

    it('filters and orders episodes newest first', async () => {
      const ins = uid('ins-list');
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { episode } = await store().openOrJoinEpisode(
          newEpisode({ instanceId: ins, runId: i % 2 ? 'run-odd' : 'run-even', now: T0 + i * 1000 }),
        );
        ids.push(episode.id);
        if (i < 3) await store().updateEpisode(episode.id, { state: 'closed', now: T0 + i * 1000 + 1 });
      }
      const all = await store().listEpisodes({ instanceId: ins });
      expect(all.map((e) => e.id)).toEqual([...ids].reverse());
      expect((await store().listEpisodes({ instanceId: ins, limit: 2 })).map((e) => e.id)).toEqual([
        ids[3],
        ids[2],
      ]);
      expect((await store().listEpisodes({ instanceId: ins, since: T0 + 2000 })).map((e) => e.id)).toEqual([
        ids[3],
        ids[2],
      ]);
      expect((await store().listEpisodes({ instanceId: ins, runId: 'run-odd' })).map((e) => e.id)).toEqual([
        ids[3],
        ids[1],
      ]);
      expect((await store().listEpisodes({ instanceId: ins, states: ['open'] })).map((e) => e.id)).toEqual([
        ids[3],
      ]);
      expect(await store().listEpisodes({ instanceId: ins, states: [] })).toEqual([]);
      expect(await store().listEpisodes({ instanceId: ins, problem: 'oom' })).toEqual([]);
    });

    it('finds the last closed episode and counts episodes since a time', async () => {
      const ins = uid('ins-cool');
      expect(await store().lastClosedEpisode(ins, 'fragmentation')).toBeNull();
      for (let i = 0; i < 3; i++) {
        const { episode } = await store().openOrJoinEpisode(
          newEpisode({ instanceId: ins, now: T0 + i * 10_000 }),
        );
        await store().updateEpisode(episode.id, {
          state: 'closed',
          closedAt: T0 + i * 10_000 + 5,
          now: T0 + i * 10_000 + 5,
        });
      }
      const last = await store().lastClosedEpisode(ins, 'fragmentation');
      expect(last?.closedAt).toBe(T0 + 20_005);
      expect(await store().countEpisodesSince(ins, 'fragmentation', T0 + 10_000)).toBe(2);
      expect(await store().countEpisodesSince(ins, 'fragmentation', 0)).toBe(3);
      expect(await store().countEpisodesSince(ins, 'oom', 0)).toBe(0);
    });
  });
}
