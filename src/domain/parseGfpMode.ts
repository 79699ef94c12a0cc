/**
 * Decodes the hex `mode:` of an allocation-failure header from a kernel that printed no flag names (<= 4.5,
 * e.g. CentOS 7's 3.10), using the RHEL7 3.10.0-1160 bit table (include/linux/gfp.h). From 4.6 on the kernel
 * prints the names itself, and the bit layout changed (GFP_KERNEL is 0xcc0 on 6.x), so never apply this
 * table to a header that carried `(FLAGS)`.
 */

const BITS: readonly (readonly [number, string])[] = [
  [0x01, '__GFP_DMA'],
  [0x02, '__GFP_HIGHMEM'],
  [0x04, '__GFP_DMA32'],
  [0x08, '__GFP_MOVABLE'],
  [0x10, '__GFP_WAIT'],
  [0x20, '__GFP_HIGH'],
  [0x40, '__GFP_IO'],
  [0x80, '__GFP_FS'],
  [0x100, '__GFP_COLD'],
  [0x200, '__GFP_NOWARN'],
  [0x400, '__GFP_REPEAT'],
  [0x800, '__GFP_NOFAIL'],
  [0x1000, '__GFP_NORETRY'],
  [0x2000, '__GFP_MEMALLOC'],
  [0x4000, '__GFP_COMP'],
  [0x8000, '__GFP_ZERO'],
  [0x10000, '__GFP_NOMEMALLOC'],
  [0x20000, '__GFP_HARDWALL'],
  [0x40000, '__GFP_THISNODE'],
  [0x80000, '__GFP_RECLAIMABLE'],
  // RHEL7's name; upstream 3.10 called this bit __GFP_KMEMCG (memcg kmem accounting: the TKE/runc signature)
  [0x100000, '__GFP_ACCOUNT'],
  [0x200000, '__GFP_NOTRACK'],
  [0x400000, '__GFP_NO_KSWAPD'],
  [0x800000, '__GFP_OTHER_NODE'],
  [0x1000000, '__GFP_WRITE'],
];

// Composite masks, most specific first (the order the kernel's own show_gfp_flags table uses).
const COMPOSITES: readonly (readonly [number, string])[] = [
  [0x200da, 'GFP_HIGHUSER_MOVABLE'],
  [0x200d2, 'GFP_HIGHUSER'],
  [0x200d0, 'GFP_USER'],
  [0x800d0, 'GFP_TEMPORARY'],
  [0xd0, 'GFP_KERNEL'],
  [0x50, 'GFP_NOFS'],
  [0x20, 'GFP_ATOMIC'],
  [0x10, 'GFP_NOIO'],
];

/**
 * `0x10c0d0` -> `['GFP_KERNEL', '__GFP_COMP', '__GFP_ZERO', '__GFP_ACCOUNT']`; unknown bits stay as one hex
 * entry; `0x0` -> `['GFP_NOWAIT']`. Undefined when `mode` is not a hex number.
 */
export function parseGfpMode(mode: string): string[] | undefined {
  if (!/^0x[0-9a-fA-F]{1,8}$/.test(mode)) return undefined;
  let rest = Number.parseInt(mode.slice(2), 16);
  if (rest === 0) return ['GFP_NOWAIT'];
  const names: string[] = [];
  for (const [mask, name] of COMPOSITES) {
    if ((rest & mask) === mask) {
      names.push(name);
      rest &= ~mask;
    }
  }
  for (const [bit, name] of BITS) {
    if (rest & bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0) names.push(`0x${(rest >>> 0).toString(16)}`);
  return names;
}
