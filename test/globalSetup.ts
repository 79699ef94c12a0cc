/**
 * Test-run setup. The PostgreSQL tests need a real server: `.ci/run` starts one and sets
 * MEMFRAG_TEST_PG_URL; without it, a throwaway cluster is started here when this machine has
 * PostgreSQL's binaries and we are root (see test/support/pgCluster.ts). The URL reaches the test
 * workers through vitest's provide/inject (env vars set here may not reach forked workers); tests read
 * it with `pgUrlForTests()` from test/support/pgUrl.ts.
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './support/pgCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the PostgreSQL server for tests, or '' when there is none */
    memfragPgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.MEMFRAG_TEST_PG_URL;
  if (given) {
    project.provide('memfragPgUrl', given);
    return async () => {};
  }
  const pg = await startThrowawayPostgres();
  project.provide('memfragPgUrl', pg?.url ?? '');
  if (!pg) return async () => {};
  process.env.MEMFRAG_TEST_PG_URL = pg.url;
  return pg.stop;
}
