/**
 * The diagnosis rules as validated data. Every default says which kernel fact it rests on, so an operator
 * changing one knows what they trade.
 */
import * as z from 'zod/mini';
import { InputError } from '../errors';
import '../zodEnglish';
import { freePagesOf } from './watermark';

/** Highest order any supported arch prints (arm64 64K pages: 14 columns, orders 0..13). */
const MAX_ORDER = 13;

// `z.number().check(z.int(), …)` rather than `z.int()`: a non-number then reports "expected number", as before
const int = (...checks: z.core.$ZodCheck<number>[]) => z.number().check(z.int(), ...checks);

/** The rules' schema: every threshold with its default and the kernel fact behind it. */
export const RulesSchema = z.object({
  /**
   * The order to judge at. When set it wins over the kernel log; when absent the most recent allocation
   * failure with order > 0 sets it, else `defaultOrder`.
   */
  targetOrder: z.optional(int(z.minimum(1), z.maximum(MAX_ORDER))),
  /**
   * 4 (64 KiB): the lowest order above PAGE_ALLOC_COSTLY_ORDER (3). The kernel retries orders <= 3 hard and
   * they fail mostly from shortage, so fragmentation failures start at 4; the TKE netns/memcg case needs 4..6.
   */
  defaultOrder: z._default(int(z.minimum(1), z.maximum(MAX_ORDER)), 4),
  /**
   * Zones judged. Ordinary kernel allocations come from Normal and fall back to DMA32; x86's DMA is 16 MiB
   * kept for ISA devices. (On arm64 kernels where DMA is the main zone, M01, add `DMA`.)
   */
  zones: z._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), ['Normal', 'DMA32']),
  /**
   * A zone named DMA with more free pages than this is not x86's 16 MiB ISA zone (MAX_DMA_PFN = 4096 pages
   * of 4 KiB) but an arch's main memory zone (arm64, M01), and counts even when `zones` leaves DMA out.
   */
  dmaZonePages: z._default(int(z.minimum(0)), 4096),
  /**
   * A zone short of suitable blocks is fragmented (not merely short of memory) when at least this share
   * (x1000) of its free memory is in blocks too small for the target order. 500 mirrors the kernel's
   * extfrag_threshold default, which splits the same two causes on the fragmentation index.
   */
  fragmentedUnusableIndex: z._default(int(z.minimum(0), z.maximum(1000)), 500),
  /**
   * A zone is fine at the target order when it can serve at least this many such allocations. 128 covers
   * a node's full complement of Pod sandboxes (kubelet maxPods default 110), each of which needs one
   * order-4..6 allocation on 3.10 kernels. One big block is not enough: it makes the kernel's fragmentation
   * index -1000 at every order (B02) yet serves only a handful of requests.
   */
  minSuitableBlocks: z._default(int(z.minimum(1)), 128),
  /**
   * Share (x1000) of a fragmented zone's pageblocks tagged Unmovable or Reclaimable above which compaction
   * cannot help: it migrates only movable pages and only into movable pageblocks (suitable_migration_target).
   * 500 = they are the majority.
   */
  unmovableBlockShare: z._default(int(z.minimum(0), z.maximum(1000)), 500),
  /**
   * Host-wide memory exhaustion: MemAvailable below this share (x1000) of MemTotal. MemAvailable already
   * excludes the watermark reserves and counts reclaimable cache, so 2% left means memory is used up.
   */
  lowMemoryAvailable: z._default(int(z.minimum(0), z.maximum(1000)), 20),
  /**
   * drop_caches is planned when it can free at least this much (kB, meminfo Cached - Shmem + SReclaimable):
   * 64 MiB is 32 pageblocks of 2 MiB; less can hardly create high-order blocks and still costs re-reads.
   */
  minDropCachesGainKb: z._default(int(z.minimum(0)), 65536),
  /** The kernel's vm.extfrag_threshold (default 500): at or below it the kernel reclaims instead of compacting. */
  extfragThreshold: z._default(int(z.minimum(0), z.maximum(1000)), 500),
  /** kcompactd scores order 9 (COMPACTION_HPAGE_ORDER, 2 MiB on x86_64). */
  scoreOrder: z._default(int(z.minimum(0), z.maximum(MAX_ORDER)), 9),
});

/** Validated rules with every default filled in. */
export type Rules = z.infer<typeof RulesSchema>;

/** The rules when nothing is configured. */
export const defaultRules: Rules = RulesSchema.parse({});

/** Validate rules from configuration or a request; a bad field throws `InputError` naming it. */
export function parseRules(input: unknown): Rules {
  const result = RulesSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'rules';
  throw new InputError(`invalid rules: ${field}: ${issue?.message ?? 'invalid'}`, {
    field,
    cause: result.error,
  });
}

/** Does this zone count for the verdict under these rules (see `zones` and `dmaZonePages`). */
export function countsZone(zone: { zone: string; free: readonly number[] }, rules: Rules): boolean {
  if (rules.zones.includes(zone.zone)) return true;
  if (zone.zone !== 'DMA') return false;
  return freePagesOf(zone.free) > rules.dmaZonePages;
}
