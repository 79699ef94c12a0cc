/**
 * Alarm storm: 1,000 Cloud Monitor deliveries (retries, re-notifications, a second occurrence, recoveries,
 * shuffled) for 50 nodes arrive concurrently at four function instances, each with its own connection pool to
 * one PostgreSQL database, and their workers run in process. Checked on the database and on the emulated
 * nodes' own records: one episode per node, never two commands at once on a node, no remediation script
 * twice, compactions at once never above the budget. Heavy: about 30 s.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/openStore';
import { createTatExecutor } from '../../src/adapters/tat/tatExecutor';
import { type AppRuntime, appFromConfig } from '../../src/app/appFromConfig';
import { createInProcessInvoker, type InProcessInvoker } from '../../src/app/inProcessInvoker';
import { createListResolver } from '../../src/app/listResolver';
import { parseWorkerPayload } from '../../src/app/workerPayload';
import { loadConfig } from '../../src/config';
import { createKernel } from '../../src/emulator/kernel/kernelModel';
import { type Emulator, startEmulator } from '../../src/emulator/startEmulator';
import { createLogger } from '../../src/log';
import { normalizeAlarm } from '../../src/triggers/normalizeAlarm';
import { createTestDatabase, type TestDatabase } from '../support/pgDatabase';
import { PG_SKIP_REASON, pgUrlForTests } from '../support/pgUrl';

const server = pgUrlForTests();
const INSTANCES = 4;
const BUDGET = 2;
const FIXTURE = readFileSync(new URL('../fixtures/payloads/cm-metric-real.json', import.meta.url), 'utf8');
const FIXTURE_ID = 'ins-jis5nk7e';

interface Instance {
  runtime: AppRuntime;
  invoker: InProcessInvoker;
}

let db: TestDatabase | undefined;
let emu: Emulator;
const instances: Instance[] = [];
const homes: string[] = [];

async function startInstance(url: string): Promise<Instance> {
  const home = mkdtempSync(join(tmpdir(), 'memfrag-storm-'));
  homes.push(home);
  const config = loadConfig({
    MEMFRAG_HOME: home,
    MEMFRAG_DATABASE_URL: url,
    MEMFRAG_ALARM_TOKEN: 'storm-token-0123',
    MEMFRAG_TAT_ENDPOINT: emu.endpoint,
    MEMFRAG_MAX_CONCURRENT_COMPACTIONS: String(BUDGET),
    MEMFRAG_CANARY_SIZE: '0',
  });
  let runtime: AppRuntime | undefined;
  const invoker = createInProcessInvoker({
    [config.workerFunction]: (event) => runtime!.app.work(parseWorkerPayload(event), Date.now() + 870_000),
  });
  runtime = await appFromConfig(config, {
    store: await openStore({ home, url }),
    invoker,
    executor: createTatExecutor({
      region: emu.region,
      endpoint: emu.endpoint,
      credentials: { secretId: emu.secretId, secretKey: emu.secretKey },
      pollIntervalMs: { min: 50, max: 300 },
    }),
    resolver: createListResolver(emu.instanceIds.map((instanceId) => ({ instanceId }))),
    log: createLogger({ level: 'silent' }),
  });
  return { runtime, invoker };
}

// seeded shuffle: the same storm on every run
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** 20 deliveries per node: 10 retries, 5 re-notifications, 2 of a second occurrence, 3 recoveries. */
function deliveries(ids: string[]): string[] {
  const out: string[] = [];
  for (const [n, id] of ids.entries()) {
    const base = JSON.parse(FIXTURE.replaceAll(FIXTURE_ID, id)) as Record<string, unknown>;
    const make = (session: string, first: string, status: string) =>
      JSON.stringify({ ...base, sessionId: session, firstOccurTime: first, alarmStatus: status });
    for (let i = 0; i < 10; i++) out.push(make(`s-${n}-a`, '2026-11-28 10:00:00', '1'));
    for (let i = 0; i < 5; i++) out.push(make(`s-${n}-r${i}`, '2026-11-28 10:00:00', '1'));
    for (let i = 0; i < 2; i++) out.push(make(`s-${n}-b`, '2026-11-28 10:07:00', '1'));
    for (let i = 0; i < 3; i++) out.push(make(`s-${n}-a`, '2026-11-28 10:00:00', '0'));
  }
  return shuffle(out, 42);
}

function maxOverlap(intervals: [number, number][]): number {
  const points = intervals.flatMap(([a, b]) => [
    [a, 1],
    [b, -1],
  ]) as [number, number][];
  // an end at the same instant as a start is not an overlap
  points.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of points) {
    now += d;
    max = Math.max(max, now);
  }
  return max;
}

beforeAll(async () => {
  if (!server) return;
  delete process.env.http_proxy;
  db = await createTestDatabase(server);
  emu = await startEmulator({
    fleet: {
      groups: [
        { count: 40, prefix: 'pc', state: 'pagecache' },
        { count: 10, prefix: 'anon', state: 'anonymous' },
      ],
    },
    kernel: createKernel,
    seed: 3,
    fastProbe: true,
    onInternalError: () => {},
  });
  for (let i = 0; i < INSTANCES; i++) instances.push(await startInstance(db.url));
}, 120_000);

afterAll(async () => {
  for (const i of instances) {
    await i.invoker.idle();
    await i.runtime.close();
  }
  await emu?.close();
  await db?.drop();
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe.skipIf(!server)(`alarm storm on PostgreSQL${server ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  it('turns 1,000 deliveries for 50 nodes into one episode per node, each stage run once', async () => {
    const bodies = deliveries(emu.instanceIds);
    expect(bodies).toHaveLength(1000);
    const answers = await Promise.all(
      bodies.map((b, i) => instances[i % INSTANCES]!.runtime.app.alarm(normalizeAlarm(JSON.parse(b)))),
    );
    expect(answers).toHaveLength(1000);
    for (const i of instances) await i.invoker.idle();
    await emu.idle();

    const store = instances[0]!.runtime.store;
    const episodes = await store.listEpisodes({ limit: 10_000 });
    const perNode = new Map<string, number>();
    for (const e of episodes) perNode.set(e.instanceId, (perNode.get(e.instanceId) ?? 0) + 1);
    expect(episodes.filter((e) => e.problem === 'fragmentation')).toHaveLength(50);
    expect([...perNode.values()].every((n) => n === 1)).toBe(true);
    expect(episodes.filter((e) => e.state !== 'closed')).toEqual([]);

    const tasks = [...emu.store.tasks.values()];
    for (const id of emu.instanceIds) {
      const mine = tasks.filter((t) => t.InstanceId === id);
      // no second command reached a node while one was in flight there: no two runbooks at once
      expect(maxOverlap(mine.map((t) => [t.createdAt, t.endTime ?? t.updatedAt]))).toBeLessThanOrEqual(1);
      // each remediation script (its episode and stage marker make it unique) ran at most once
      const writers = emu.node(id).log.filter((e) => e.name !== 'probe');
      expect(new Set(writers.map((e) => e.scriptHash)).size).toBe(writers.length);
      expect(writers.filter((e) => e.name === 'drop-caches').length).toBeLessThanOrEqual(1);
      expect(writers.filter((e) => e.name === 'compact').length).toBeLessThanOrEqual(1);
    }
    const compactions = tasks.filter((t) => /^mf_begin compact/m.test(t.script) && t.execStartTime !== null);
    expect(compactions.length).toBeGreaterThan(0);
    expect(
      maxOverlap(compactions.map((t) => [t.execStartTime!, t.execEndTime ?? t.updatedAt])),
    ).toBeLessThanOrEqual(BUDGET);
    // every pagecache node was remediated: the storm did not starve anyone
    const resolved = episodes.filter((e) => e.outcome === 'resolved').length;
    expect(resolved).toBeGreaterThanOrEqual(40);
  }, 240_000);
});
