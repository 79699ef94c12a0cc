/**
 * The fragmenter against this host's real kernel: each mode produces the state it promises (read from
 * buddyinfo and pagetypeinfo), and the remediation writes done here by hand have the effect expected of
 * them. Runs only with MEMFRAG_REAL_KERNEL=1, as root.
 */
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { type Fragmentation, fragment } from '../support/fragmenter/fragmenter';
import {
  snapshot,
  suitableBlocks,
  unmovableShare,
  unusable,
  vmstatDelta,
} from '../support/fragmenter/hostMemory';
import { compactMemory, dropCaches } from '../support/fragmenter/kernelWrites';
import type { FragmentMode } from '../support/fragmenter/sizing';
import { realKernelSkipReason } from './realKernelGate';

const skip = realKernelSkipReason();
/** 2 MiB (THP, kcompactd's order): the order the fragmenter is tuned for */
const ORDER = 9;
/** the diagnosis' minSuitableBlocks default: fewer suitable blocks than this is not `ok` */
const MIN_SUITABLE = 128;
/**
 * Fragmented = at least this share (per mille) of Normal's free memory in blocks below order 9. Judged by the
 * share, not by a count of leftover blocks: this VM's Normal zone grows on demand (docs/real-kernel.md §1) and
 * memory freed by other processes after the fragmenter sized itself leaves a few hundred 2 MiB blocks in a
 * zone of many GiB.
 */
const UNUSABLE = 800;

let held: Fragmentation | undefined;
afterEach(async () => {
  await held?.release();
  held = undefined;
});

async function fragmented(mode: FragmentMode, ctx: TestContext): Promise<Fragmentation> {
  dropCaches(3, true); // start from a known state: no stale cache between the holes
  const f = await fragment(mode);
  if (typeof f === 'string') ctx.skip(f);
  held = f;
  return f;
}

describe.skipIf(skip !== undefined)(
  `fragmenter on the real kernel${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it('pagecache: shatters the Normal zone between clean cache pages and drop_caches 1 restores order 9', async (ctx) => {
      await fragmented('pagecache', ctx);
      const before = snapshot().normal;
      expect(unusable(before, ORDER)).toBeGreaterThanOrEqual(UNUSABLE);
      dropCaches(1);
      const after = snapshot().normal;
      expect(suitableBlocks(after, ORDER)).toBeGreaterThanOrEqual(MIN_SUITABLE);
      expect(unusable(after, ORDER)).toBeLessThan(unusable(before, ORDER) - 100);
    });

    it('anon: drop_caches cannot restore order 9; compaction migrates pages', async (ctx) => {
      await fragmented('anon', ctx);
      const frag = snapshot();
      expect(unusable(frag.normal, ORDER)).toBeGreaterThanOrEqual(UNUSABLE);
      dropCaches(3);
      const dropped = snapshot();
      expect(unusable(dropped.normal, ORDER)).toBeGreaterThanOrEqual(UNUSABLE);
      compactMemory();
      const compacted = snapshot();
      const work = vmstatDelta(dropped, compacted, ['compact_migrate_scanned', 'pgmigrate_success']);
      expect(work.compact_migrate_scanned).toBeGreaterThan(0);
      expect(work.pgmigrate_success).toBeGreaterThan(0);
      ctx.annotate(
        `order-${ORDER} suitable blocks: fragmented ${suitableBlocks(frag.normal, ORDER)}, after drop_caches ${suitableBlocks(dropped.normal, ORDER)}, after compaction ${suitableBlocks(compacted.normal, ORDER)}; migrated ${work.pgmigrate_success} pages`,
      );
    });

    // From user space the kernel's fallback claims whole pageblocks only opportunistically (see
    // docs/real-kernel.md): the share reached is ~20-30%, not the majority; this pins what is achieved.
    it('unmovable: pipe buffers turn over 1000 Normal pageblocks Unmovable', async (ctx) => {
      const start = snapshot().normal;
      await fragmented('unmovable', ctx);
      const frag = snapshot().normal;
      // how fragmented the zone stays depends on how far it had grown before (docs/real-kernel.md §1: from
      // 60% to 100% unusable at order 9 across runs here), so that is recorded, not asserted; the claim this
      // mode must keep is the unmovable pageblocks, which the runbook's `unmovable` verdict rests on
      expect((frag.blocks.Unmovable ?? 0) - (start.blocks.Unmovable ?? 0)).toBeGreaterThan(1000);
      ctx.annotate(
        `${held?.plan.args.join(' ')}: order-${ORDER} suitable blocks ${suitableBlocks(frag, ORDER)}, unusable ${unusable(frag, ORDER)}; Unmovable pageblocks ${start.blocks.Unmovable} -> ${frag.blocks.Unmovable}, share ${unmovableShare(start)} -> ${unmovableShare(frag)} per mille`,
      );
      expect(unmovableShare(frag)).toBeGreaterThanOrEqual(150);
    });
  },
);
