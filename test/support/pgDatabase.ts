/**
 * A fresh, empty database on the test server for one test file, so files running in parallel (and
 * reruns) never see each other's rows. Dropped (with its connections) afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `memfrag_test_<random>` on the server at `serverUrl` and returns its URL. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  // the name is ours (hex), never input: safe to splice into DDL, which takes no parameters
  const name = `memfrag_test_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
