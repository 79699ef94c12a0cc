import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskResult } from '../../../src/ports';
import { type Harness, startHarness } from './emulatorHarness';

// one emulated instance per fault; one run over all of them, then one assertion per fault
const FAULTS = {
  healthy: {},
  deliveryFailed: { delivery: 'failed' },
  deliveryDelayed: { delivery: 'delayed' },
  taskTimeout: { taskTimeout: true },
  hang: { hang: true },
  garbled: { garbled: true },
  huge: { hugeOutput: true },
  exit7: { exitCode: 7 },
  slowApi: { slowApiMs: 300 },
} as const;
const NAMES = Object.keys(FAULTS) as (keyof typeof FAULTS)[];

let h: Harness;
const byFault = new Map<string, TaskResult>();

beforeAll(async () => {
  h = await startHarness({
    fleet: { groups: NAMES.map((n) => ({ count: 1, state: 'healthy' as const, faults: { ...FAULTS[n] } })) },
    latencies: { deliverDelayMs: 300, agentSilenceMs: 500 },
  });
  const content = 'echo begin; for i in 1 2 3 4 5 6 7 8; do echo "line $i of the report"; done; echo end';
  const results = await h.exec.run({ name: 'faults', content }, h.emu.instanceIds, { timeoutSeconds: 3 });
  for (const [i, n] of NAMES.entries()) byFault.set(n, results[i]!);
}, 60_000);

afterAll(async () => {
  await h?.emu.close();
});

describe('TatExecutor maps every emulated fault', () => {
  it('reports a healthy node as success with complete output', () => {
    expect(byFault.get('healthy')).toMatchObject({ outcome: 'success', exitCode: 0, outputComplete: true });
    expect(byFault.get('healthy')?.output).toMatch(/^begin\n[\s\S]*end\n$/);
  });

  it('reports a failed delivery as not delivered, with the reason', () => {
    const r = byFault.get('deliveryFailed');
    expect(r).toMatchObject({ outcome: 'not-delivered', delivered: false, ran: false, exitCode: null });
    expect(r?.error).toMatch(/delivery failed/);
  });

  it('waits through a delayed delivery to the result', () => {
    expect(byFault.get('deliveryDelayed')).toMatchObject({
      outcome: 'success',
      exitCode: 0,
      outputComplete: true,
    });
  });

  it('reports a silent agent as not delivered (TASK_TIMEOUT)', () => {
    const r = byFault.get('taskTimeout');
    expect(r).toMatchObject({ outcome: 'not-delivered', delivered: false, exitCode: null });
    expect(r?.error).toMatch(/TASK_TIMEOUT/);
  });

  it('reports a hung command as timed out with exit code -1 and untrusted output', () => {
    const r = byFault.get('hang');
    expect(r).toMatchObject({ outcome: 'timeout', ran: true, exitCode: -1, outputComplete: false });
    expect(r?.output).toContain('begin');
  });

  it('passes garbled output through as it came (the parser judges it)', () => {
    const r = byFault.get('garbled');
    expect(r?.outcome).toBe('success');
    expect(r?.output).not.toBe(byFault.get('healthy')?.output);
    expect(r?.output.startsWith('begin\n')).toBe(true);
  });

  it('marks cut output as incomplete and counts the dropped bytes', () => {
    const r = byFault.get('huge');
    expect(r).toMatchObject({ outcome: 'success', outputComplete: false });
    expect(r?.dropped).toBeGreaterThan(0);
    expect(Buffer.byteLength(r?.output ?? '')).toBe(24 * 1024);
    expect(r?.error).toMatch(/bytes dropped/);
  });

  it('reports a non-zero exit as failed with its code', () => {
    expect(byFault.get('exit7')).toMatchObject({
      outcome: 'failed',
      exitCode: 7,
      ran: true,
      outputComplete: true,
    });
  });

  it('gets through a slow API to the result', () => {
    expect(byFault.get('slowApi')).toMatchObject({ outcome: 'success', exitCode: 0 });
  });
});
