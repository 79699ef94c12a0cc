/** Coordination contract: leases, slots and dedup keys on one connection (races: see the concurrency tests). */
import { describe, expect, it } from 'vitest';
import { type GetStore, T0, uid } from './fixtures';

/** Defines the coordination tests over the store `store()` returns. */
export function coordinationContract(store: GetStore): void {
  describe('leases, slots, dedup', () => {
    it('grants a lease to one holder until it expires', async () => {
      const key = uid('lease');
      expect(await store().acquireLease(key, 'a', 1000, T0)).toBe(true);
      expect(await store().acquireLease(key, 'b', 1000, T0 + 500)).toBe(false);
      expect(await store().acquireLease(key, 'a', 1000, T0 + 900)).toBe(true); // renewal to T0+1900
      expect(await store().acquireLease(key, 'b', 1000, T0 + 1500)).toBe(false);
      expect(await store().acquireLease(key, 'b', 1000, T0 + 1900)).toBe(true);
      expect(await store().acquireLease(key, 'a', 1000, T0 + 1901)).toBe(false);
    });

    it('releases a lease only for its holder', async () => {
      const key = uid('lease');
      await store().acquireLease(key, 'a', 60_000, T0);
      await store().releaseLease(key, 'b');
      expect(await store().acquireLease(key, 'b', 60_000, T0 + 1)).toBe(false);
      await store().releaseLease(key, 'a');
      expect(await store().acquireLease(key, 'b', 60_000, T0 + 2)).toBe(true);
    });

    it('hands out at most limit slots and renews a holder in its own slot', async () => {
      const pool = uid('pool');
      expect(await store().acquireSlot(pool, 'a', 2, 1000, T0)).toBe(true);
      expect(await store().acquireSlot(pool, 'b', 2, 1000, T0)).toBe(true);
      expect(await store().acquireSlot(pool, 'c', 2, 1000, T0)).toBe(false);
      await store().releaseSlot(pool, 'b');
      expect(await store().acquireSlot(pool, 'a', 2, 1000, T0 + 1)).toBe(true); // renews, takes no second slot
      expect(await store().acquireSlot(pool, 'c', 2, 1000, T0 + 1)).toBe(true);
      expect(await store().acquireSlot(pool, 'd', 2, 1000, T0 + 2)).toBe(false);
      expect(await store().acquireSlot(pool, 'd', 2, 1000, T0 + 1001)).toBe(true); // expired slots free up
      expect(await store().acquireSlot(pool, 'e', 0, 1000, T0)).toBe(false);
    });

    it('keeps slots of a pool with % and _ in its name apart from look-alikes', async () => {
      const pool = `${uid('p')}%_`;
      expect(await store().acquireSlot(pool, 'a', 1, 60_000, T0)).toBe(true);
      expect(await store().acquireLease(`${pool.slice(0, -2)}xx:0`, 'a', 60_000, T0)).toBe(true);
      await store().releaseSlot(pool, 'a');
      expect(await store().acquireSlot(pool, 'b', 1, 60_000, T0)).toBe(true);
      expect(await store().acquireLease(`${pool.slice(0, -2)}xx:0`, 'b', 60_000, T0)).toBe(false);
    });

    it('lets the first dedup claimant win until expiry', async () => {
      const key = uid('dedup');
      expect(await store().claimDedup(key, 'ep-1', 1000, T0)).toEqual({ claimed: true, episodeId: 'ep-1' });
      expect(await store().claimDedup(key, 'ep-2', 1000, T0 + 10)).toEqual({
        claimed: false,
        episodeId: 'ep-1',
      });
      expect(await store().claimDedup(key, 'ep-1', 1000, T0 + 20)).toEqual({
        claimed: true,
        episodeId: 'ep-1',
      });
      expect(await store().claimDedup(key, 'ep-2', 1000, T0 + 1000)).toEqual({
        claimed: true,
        episodeId: 'ep-2',
      });
      expect(await store().claimDedup(key, 'ep-1', 1000, T0 + 1001)).toEqual({
        claimed: false,
        episodeId: 'ep-2',
      });
    });
  });
}
