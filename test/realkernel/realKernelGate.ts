/** Whether the tests that fragment and compact this host's real memory may run, and why not. */
import { compilerMissing } from '../support/fragmenter/buildFragmenter';

/** Undefined when they may run; otherwise the reason they are skipped. */
export function realKernelSkipReason(): string | undefined {
  if (process.env.MEMFRAG_REAL_KERNEL !== '1') return 'set MEMFRAG_REAL_KERNEL=1 to fragment this host';
  if (process.getuid?.() !== 0) return 'needs root (drop_caches, compact_memory, pagetypeinfo)';
  if (process.platform !== 'linux') return 'needs Linux';
  return compilerMissing();
}
