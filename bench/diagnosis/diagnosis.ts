/**
 * Diagnosis throughput: `parseProbeReport` then `evaluate` over a corpus of probe reports, on the main
 * thread (one core), for a fixed time per run; also parse alone, to show where the time goes.
 */
import { evaluate } from '../../src/domain/evaluate';
import { parseProbeReport } from '../../src/domain/parseProbeReport';
import type { CorpusReport } from './reportCorpus';

/** One timed run. */
export interface DiagnosisRun {
  reports: number;
  ms: number;
  perSecond: number;
  /** parse only, same corpus, same duration */
  parsePerSecond: number;
  /** verdict -> count, so the work is used (and visible) */
  verdicts: Record<string, number>;
}

/** Options: runs and the time each run lasts. */
export interface DiagnosisOptions {
  runs: number;
  msPerRun: number;
  log?: (line: string) => void;
}

function loop(corpus: readonly CorpusReport[], ms: number, work: (text: string) => string) {
  const verdicts: Record<string, number> = {};
  let reports = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const r of corpus) {
      const v = work(r.text);
      verdicts[v] = (verdicts[v] ?? 0) + 1;
      reports++;
    }
    elapsed = performance.now() - start;
  }
  return { reports, ms: elapsed, verdicts };
}

/** What one report turns into: the verdict, or `unparsable`. */
export function diagnose(text: string): string {
  const parsed = parseProbeReport(text);
  return parsed.ok ? evaluate(parsed.value).verdict : 'unparsable';
}

function parseOnly(text: string): string {
  return parseProbeReport(text).ok ? 'parsed' : 'unparsable';
}

/** Runs the benchmark: a warm-up pass, then `runs` timed runs. */
export function runDiagnosisBench(corpus: readonly CorpusReport[], opts: DiagnosisOptions): DiagnosisRun[] {
  if (corpus.length === 0) throw new Error('the report corpus is empty');
  loop(corpus, Math.min(500, opts.msPerRun), diagnose);
  const runs: DiagnosisRun[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const full = loop(corpus, opts.msPerRun, diagnose);
    const parse = loop(corpus, opts.msPerRun / 2, parseOnly);
    const run = {
      reports: full.reports,
      ms: full.ms,
      perSecond: (full.reports / full.ms) * 1000,
      parsePerSecond: (parse.reports / parse.ms) * 1000,
      verdicts: full.verdicts,
    };
    opts.log?.(`diagnosis run ${i + 1}/${opts.runs}: ${run.perSecond.toFixed(0)} reports/s`);
    runs.push(run);
  }
  return runs;
}
