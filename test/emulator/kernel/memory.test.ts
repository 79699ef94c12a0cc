import { describe, expect, it } from 'vitest';
import { createKernel, type KernelModel } from '../../../src/emulator/kernel';

describe('memory footprint', () => {
  it('builds 1,000 default nodes in well under 200 KB each', () => {
    const before = process.memoryUsage();
    const models: KernelModel[] = [];
    for (let seed = 0; seed < 1000; seed++) {
      const k = createKernel({ preset: 'healthy', seed });
      k.advance(0);
      models.push(k);
    }
    const after = process.memoryUsage();
    const bytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
    // heapUsed still holds build garbage here, so this is an upper bound; typed arrays dominate (~85 KB)
    console.info(
      `1,000 kernel models: ${(bytes / 1e6).toFixed(1)} MB (${(bytes / 1000 / 1024).toFixed(0)} KiB per node)`,
    );
    expect(models).toHaveLength(1000);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(100e6);
    expect(bytes / 1000).toBeLessThan(200 * 1024);
  });
});
