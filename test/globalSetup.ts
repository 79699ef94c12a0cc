/**
 * Test-run setup. The PostgreSQL tests need a real server: `.ci/run` starts one and sets
 * MEMFRAG_TEST_PG_URL; without it, a throwaway cluster is started here when this machine has
 * PostgreSQL's binaries and we are root (see test/support/pgCluster.ts).
 */
import { startThrowawayPostgres } from './support/pgCluster';

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.MEMFRAG_TEST_PG_URL) return async () => {};
  const pg = await startThrowawayPostgres();
  if (!pg) return async () => {};
  process.env.MEMFRAG_TEST_PG_URL = pg.url;
  return pg.stop;
}
