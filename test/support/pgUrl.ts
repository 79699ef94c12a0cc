/**
 * Where the PostgreSQL tests find their server: the URL globalSetup provided (or MEMFRAG_TEST_PG_URL).
 * Undefined means no server on this machine: such tests skip, saying why.
 */
import { inject } from 'vitest';

/** Why PostgreSQL tests skip when `pgUrlForTests()` is undefined. */
export const PG_SKIP_REASON =
  'no PostgreSQL for tests (set MEMFRAG_TEST_PG_URL, or run as root with Debian postgresql binaries)';

/** The test server's URL, or undefined when there is none. */
export function pgUrlForTests(): string | undefined {
  let provided = '';
  try {
    provided = inject('memfragPgUrl') ?? '';
  } catch {
    // outside a vitest worker (a child process spawned by a test)
  }
  return provided || process.env.MEMFRAG_TEST_PG_URL || undefined;
}
