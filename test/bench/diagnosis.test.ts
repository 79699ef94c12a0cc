import { describe, expect, it } from 'vitest';
import { diagnose, runDiagnosisBench } from '../../bench/diagnosis/diagnosis';
import { diagnosisMarkdown } from '../../bench/diagnosis/diagnosisReport';
import { fixtureReports, modelReports } from '../../bench/diagnosis/reportCorpus';
import { machineFacts } from '../../bench/lib/machine';

describe('diagnosis throughput benchmark (smoke size)', () => {
  it('diagnoses the real samples and kernel-model reports printed by probe.sh', async () => {
    const fixtures = fixtureReports();
    expect(fixtures.map((r) => r.name)).toContain('fixture centos7-3.10.txt');
    const models = await modelReports(1);
    expect(models).toHaveLength(1);
    expect(models[0]?.text).toContain('== buddyinfo');
    expect(diagnose(models[0]!.text)).toBe('healthy');
    expect(diagnose('not a probe report')).not.toBe('fragmented');
  });

  it('counts reports per second and the verdicts it produced', () => {
    const corpus = fixtureReports();
    const opts = { runs: 2, msPerRun: 50 };
    const runs = runDiagnosisBench(corpus, opts);
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      expect(r.reports % corpus.length).toBe(0);
      expect(r.perSecond).toBeGreaterThan(0);
      expect(Object.values(r.verdicts).reduce((a, b) => a + b, 0)).toBe(r.reports);
    }
    const md = diagnosisMarkdown(runs, corpus, opts, machineFacts(), 'npm run bench -- diagnosis');
    expect(md).toMatch(/≥ 10,000 reports\/s on one core: \d+ reports\/s/);
  });

  it('refuses an empty corpus', () => {
    expect(() => runDiagnosisBench([], { runs: 1, msPerRun: 10 })).toThrow(/empty/);
  });
});
