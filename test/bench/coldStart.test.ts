import { describe, expect, it } from 'vitest';
import { runColdStartBench } from '../../bench/coldStart/coldStart';
import { coldStartMarkdown } from '../../bench/coldStart/coldStartReport';
import { machineFacts } from '../../bench/lib/machine';

describe('cold start benchmark (smoke size)', () => {
  it('builds every bundle and times one bundle beside the whole-SDK handler in fresh processes', async () => {
    const res = await runColdStartBench({
      runs: 1,
      functions: ['worker'],
      nodes: [{ label: process.version, bin: process.execPath }],
    });
    expect(Object.keys(res.sizes).sort()).toEqual(['alarm', 'invoke', 'sweep', 'worker']);
    for (const bytes of Object.values(res.sizes)) expect(bytes).toBeGreaterThan(10_000);
    const [row] = res.rows;
    expect(row?.fn).toBe('worker');
    expect(row?.bundle).toHaveLength(1);
    expect(row?.wholeSdk).toHaveLength(1);
    // the worker refuses an empty payload with a value, not a crash
    expect(row?.bundle[0]?.result.answer).toMatch(/"ok":false/);
    expect(row?.wholeSdk[0]?.result.answer).toMatch(/"ok":false/);
    expect(row?.bundle[0]?.requireMs).toBeGreaterThan(0);

    const md = coldStartMarkdown(res, 1, machineFacts(), 'npm run bench -- coldstart --quick');
    expect(md).toMatch(/\| worker \| \d+ KiB \|/);
    expect(md).toMatch(/\| worker \| v\d+/);
  });
});
