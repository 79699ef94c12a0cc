import { describe, expect, it } from 'vitest';
import { diagnoseRunbook, fragmentationRunbook, getRunbook, resolveParams } from '../../runbooks/builtin';
import { RunbookSchema } from '../../runbooks/runbook';
import { InputError } from '../../src/errors';

describe('built-in runbooks', () => {
  it('stages fragmentation as drop_caches then compact, compaction only for fragmented nodes', () => {
    expect(fragmentationRunbook.stages.map((s) => [s.kind, s.script])).toEqual([
      ['drop_caches', 'drop-caches'],
      ['compact', 'compact'],
    ]);
    expect(fragmentationRunbook.stages[1]?.allowedVerdicts).toEqual(['fragmented']);
    expect(diagnoseRunbook.stages).toEqual([]);
  });

  it('has safe parameter defaults', () => {
    expect(fragmentationRunbook.params).toEqual({
      dropCaches: { mode: 3, sync: false },
      compaction: { scope: 'nodes' },
      pagetypeinfo: true,
    });
  });

  it('applies and validates request overrides', () => {
    expect(resolveParams(fragmentationRunbook, { dropCaches: { sync: true }, targetOrder: 6 })).toMatchObject(
      {
        dropCaches: { mode: 3, sync: true },
        targetOrder: 6,
      },
    );
    expect(() => resolveParams(fragmentationRunbook, { dropCaches: { mode: 4 } })).toThrow(InputError);
    expect(() => resolveParams(fragmentationRunbook, { compaction: { scope: '$(id)' } })).toThrow(InputError);
    expect(() => resolveParams(fragmentationRunbook, { shell: 'id' })).toThrow(InputError);
  });

  it('rejects a runbook whose stage runs the wrong script or repeats a kind', () => {
    const stage = {
      kind: 'compact',
      script: 'drop-caches',
      timeoutSeconds: 5,
      allowedVerdicts: ['fragmented'],
    };
    const rb = { name: 'x', problem: 'x', description: 'x', probe: { timeoutSeconds: 5 } };
    expect(RunbookSchema.safeParse({ ...rb, stages: [stage] }).success).toBe(false);
    const ok = { ...stage, script: 'compact' };
    expect(RunbookSchema.safeParse({ ...rb, stages: [ok] }).success).toBe(true);
    expect(RunbookSchema.safeParse({ ...rb, stages: [ok, ok] }).success).toBe(false);
  });

  it('names unknown runbooks as bad input', () => {
    expect(getRunbook('diagnose').name).toBe('diagnose');
    expect(() => getRunbook('toString')).toThrow(InputError);
  });
});
