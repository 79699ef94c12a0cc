/**
 * A throwaway PostgreSQL cluster on loopback for tests: initdb into a temp dir, start on a free port,
 * stop and delete on teardown. Needs root (initdb runs as the `postgres` user) and Debian's binaries.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  url: string;
  /** stops the server and deletes its data */
  stop: () => Promise<void>;
  /** `pg_ctl restart -m fast`: every open connection is cut, the data stays */
  restart: () => Promise<void>;
  /** stops the server, keeping the data, until `resume` */
  pause: () => Promise<void>;
  /** starts a paused server again on the same port */
  resume: () => Promise<void>;
}

function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a cluster, or returns null (with the reason on stderr) when this machine cannot. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres | null> {
  const bin = pgBinDir();
  if (!bin || process.getuid?.() !== 0) {
    process.stderr.write('memfrag tests: no PostgreSQL binaries or not root; PostgreSQL tests will skip\n');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'memfrag-pg-'));
  const port = await freePort();
  const asPg = (cmd: string) => execFileSync('su', ['postgres', '-c', cmd], { stdio: 'pipe' });
  execFileSync('chown', ['postgres:', dir]);
  asPg(`${bin}/initdb -D ${dir}/data -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8`);
  const serverOptions = `-o '-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200'`;
  const ctl = (action: string) =>
    asPg(`${bin}/pg_ctl -D ${dir}/data ${serverOptions} -l ${dir}/pg.log -w ${action}`);
  ctl('start');
  let running = true; // a paused server must not be stopped again on teardown
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => {
      ctl('-m fast restart');
    },
    pause: async () => {
      ctl('-m fast stop');
      running = false;
    },
    resume: async () => {
      ctl('start');
      running = true;
    },
    stop: async () => {
      try {
        if (running) ctl('-m fast stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
