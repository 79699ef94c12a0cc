/** Renders the real-kernel remediation benchmark as Markdown. */
import { release } from 'node:os';
import type { RemediationRow } from './realKernelRemediation';

/** The results table with the machine and the method. */
export function realKernelMarkdown(rows: readonly RemediationRow[]): string {
  const lines = [
    '# Remediation on the real kernel: staged runbook vs the naive one',
    '',
    `Kernel ${release()}, ${new Date().toISOString().slice(0, 16)}Z; one run per cell, on a 2-core VM shared with other work.`,
    'Order 9 (2 MiB). "Suitable" = order-9 allocations the Normal zone could serve (the kernel\'s',
    'free_blocks_suitable); the diagnosis needs 128. Stall = time inside the drop_caches/compact writes.',
    'Cache dropped = meminfo Cached before - after, host-wide. Method and mechanism: docs/real-kernel.md.',
    '',
    '| kind | strategy | suitable before -> after | stall ms | cache dropped MB | stages (effect) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows)
    lines.push(
      r.error
        ? `| ${r.mode} | ${r.strategy} | error: ${r.error} | | | |`
        : `| ${r.mode} | ${r.strategy} | ${r.suitableBefore} -> ${r.suitableAfter} | ${r.stallMs} | ${r.cacheDroppedMb} | ${r.stages} |`,
    );
  return `${lines.join('\n')}\n`;
}
