import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/openStore';
import { reportCommand } from '../../src/cli/commands/report';
import { runProgram } from '../../src/cli/runProgram';
import type { Store } from '../../src/ports';
import type { EpisodeRecords } from '../../src/report/records';
import { createTestDatabase } from '../support/pgDatabase';
import { PG_SKIP_REASON, pgUrlForTests } from '../support/pgUrl';
import { sampleRecords, T0 } from './sampleRecords';

let dir: string;
let home: string;

/** Writes hand-built records through the real Store API. */
async function writeRecords(store: Store, r: EpisodeRecords): Promise<void> {
  const e = r.episode;
  await store.openOrJoinEpisode({ ...e, now: e.createdAt });
  await store.updateEpisode(e.id, {
    state: e.state,
    outcome: e.outcome,
    closedAt: e.closedAt,
    summary: e.summary,
    now: e.updatedAt,
  });
  for (const s of r.stages) await store.addStage(s);
  for (const s of r.snapshots) await store.addSnapshot(s);
  for (const x of r.effects) await store.addEffect(x);
  for (const d of r.decisions) await store.addDecision(d);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'memfrag-report-cmd-'));
  home = join(dir, 'home');
  const store = await openStore({ home });
  for (const r of sampleRecords().episodes) await writeRecords(store, r);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; err: string; out: string[] }> {
  const out: string[] = [];
  let err = '';
  const program = new Command('memfrag').addCommand(
    reportCommand({ now: () => T0 + 60_000, log: (l) => out.push(l) }),
  );
  const code = await runProgram(program, ['node', 'memfrag', 'report', ...args], (s) => {
    err += s;
  });
  return { code, err, out };
}

describe('memfrag report', () => {
  it('writes one HTML file with the episodes of the last 24 hours by default', async () => {
    const file = join(dir, 'all.html');
    const r = await run('--home', home, '--out', file);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out[0]).toMatch(/^wrote .*all\.html: 2 episodes, episodes since 2026-11-27 03:01:00Z$/);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('id="ep-resolved"');
    expect(html).toContain('id="ep-failed"');
  });

  it('writes one episode with --episode', async () => {
    const file = join(dir, 'one.html');
    expect((await run('--home', home, '--episode', 'ep-failed', '--out', file)).code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('id="ep-failed"');
    expect(html).not.toContain('id="ep-resolved"');
  });

  it('takes the store from MEMFRAG_HOME when --home is not given', async () => {
    const file = join(dir, 'env.html');
    const saved = process.env.MEMFRAG_HOME;
    process.env.MEMFRAG_HOME = home;
    try {
      expect((await run('--since', '2026-11-28', '--out', file)).code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.MEMFRAG_HOME;
      else process.env.MEMFRAG_HOME = saved;
    }
    expect(readFileSync(file, 'utf8')).toContain('id="ep-resolved"');
  });

  it('exits 2 with one line naming --since when --since is unreadable, writing nothing', async () => {
    const file = join(dir, 'bad.html');
    const r = await run('--home', home, '--since', 'last tuesday', '--out', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^memfrag: --since .*last tuesday.*\n$/);
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    [['--episode', 'ep-nope'], /--episode: no episode ep-nope/],
    [['--episode', 'ep-failed', '--since', '7d'], /--episode.*cannot be used with.*--since/],
    [['--limit', '0'], /--limit/],
  ])('exits 2 for %j', async (args, message) => {
    const r = await run('--home', home, ...args, '--out', join(dir, 'x.html'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming --out when the file cannot be written', async () => {
    const r = await run('--home', home, '--out', join(dir, 'missing-dir', 'r.html'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^memfrag: --out: cannot write .*ENOENT/);
  });
});

const PG = pgUrlForTests();

describe.skipIf(!PG)(
  PG ? 'memfrag report on PostgreSQL' : `memfrag report on PostgreSQL (skipped: ${PG_SKIP_REASON})`,
  () => {
    it('reads the store at --database-url', async () => {
      const db = await createTestDatabase(PG!);
      try {
        const store = await openStore({ url: db.url });
        await writeRecords(store, sampleRecords().episodes[0]!);
        await store.close();
        const file = join(dir, 'pg.html');
        const r = await run('--database-url', db.url, '--episode', 'ep-resolved', '--out', file);
        expect(r).toMatchObject({ code: 0, err: '' });
        expect(readFileSync(file, 'utf8')).toContain('data-series="after drop_caches"');
      } finally {
        await db.drop();
      }
    });
  },
);
