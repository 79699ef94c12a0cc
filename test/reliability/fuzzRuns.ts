/** fast-check run counts: CI-sized by default, nightly-sized with `MEMFRAG_FUZZ_RUNS` (e.g. 100000). */

/** Runs per property: `MEMFRAG_FUZZ_RUNS`, else `ci`. */
export function fuzzRuns(ci: number): number {
  const n = Number(process.env.MEMFRAG_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : ci;
}

/** Test timeout that grows with the run count (about 2 ms a case on a loaded box, at least 60 s). */
export function fuzzTimeout(runs: number): number {
  return Math.max(60_000, runs * 2);
}
