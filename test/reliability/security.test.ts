/**
 * Security: authentication (token, HMAC, replay window), request data never reaching a shell, secrets never
 * in logs, records, errors or HTTP answers, and a CAM policy granting exactly the cloud actions the code calls.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main_handler as alarm } from '../../functions/alarm';
import { main_handler as invoke } from '../../functions/invoke';
import { main_handler as worker } from '../../functions/worker';
import { REPLAY_WINDOW_SECONDS, safeEqual, signRequest } from '../../src/adapters/http/auth';
import type { HttpEvent } from '../../src/adapters/http/httpEvent';
import { openStore } from '../../src/adapters/store/openStore';
import { createTestDatabase, type TestDatabase } from '../support/pgDatabase';
import { pgUrlForTests } from '../support/pgUrl';
import { type FunctionsRig, functionsRig } from './functionsRig';

const ROOT = new URL('../../', import.meta.url).pathname;
const payload = (name: string) => readFileSync(join(ROOT, 'test/fixtures/payloads', name), 'utf8');

describe('authentication', () => {
  let rig: FunctionsRig;
  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    rig = await functionsRig();
  });
  afterAll(() => rig.close());

  const alarmWith = (headers: Record<string, string>, q: Record<string, string> = {}): HttpEvent => ({
    httpMethod: 'POST',
    path: '/alarm',
    headers,
    queryString: q,
    body: payload('cm-metric-real.json'),
  });

  it('refuses alarms without the token, with a wrong one, or one of another length', async () => {
    expect((await alarm(alarmWith({}), {})).statusCode).toBe(401);
    expect((await alarm(alarmWith({ 'x-memfrag-token': `${rig.token.slice(0, -1)}x` }), {})).statusCode).toBe(
      403,
    );
    expect((await alarm(alarmWith({ 'x-memfrag-token': `${rig.token}x` }), {})).statusCode).toBe(403);
    expect((await alarm(alarmWith({ 'x-memfrag-token': '' }), {})).statusCode).toBe(401);
    expect((await alarm(alarmWith({}, { token: 'nope' }), {})).statusCode).toBe(403);
    expect((await alarm(alarmWith({}, { token: rig.token }), {})).statusCode).toBeLessThan(300);
  });

  it('refuses unsigned, wrongly signed, altered and stale API requests', async () => {
    const now = Math.floor(Date.now() / 1000);
    const ev = (ts: number, sig: string, body = '{}'): HttpEvent => ({
      httpMethod: 'GET',
      path: '/v1/history',
      headers: { 'x-memfrag-timestamp': String(ts), 'x-memfrag-signature': sig },
      body,
    });
    const good = signRequest(rig.apiKey, now, 'GET', '/v1/history', '{}');
    expect((await invoke(ev(now, good), {})).statusCode).toBe(200);
    expect((await invoke({ httpMethod: 'GET', path: '/v1/history', body: '' }, {})).statusCode).toBe(401);
    expect(
      (await invoke(ev(now, signRequest('other-key', now, 'GET', '/v1/history', '{}')), {})).statusCode,
    ).toBe(403);
    // the signature covers the body, the method and the path
    expect((await invoke(ev(now, good, '{"a":1}'), {})).statusCode).toBe(403);
    expect((await invoke({ ...ev(now, good), httpMethod: 'POST' }, {})).statusCode).toBe(403);
    expect((await invoke({ ...ev(now, good), path: '/v1/runs' }, {})).statusCode).toBe(403);
    // a captured request replayed outside the window is refused, whichever side of it
    for (const ts of [now - REPLAY_WINDOW_SECONDS - 5, now + REPLAY_WINDOW_SECONDS + 5]) {
      const sig = signRequest(rig.apiKey, ts, 'GET', '/v1/history', '{}');
      expect((await invoke(ev(ts, sig), {})).statusCode).toBe(401);
    }
    expect((await invoke(ev(now, 'sha256=00'), {})).statusCode).toBe(403);
    expect((await invoke(ev(Number.NaN, good), {})).statusCode).toBe(401);
  });

  it('compares secrets in constant time through fixed-length digests', () => {
    const src = readFileSync(join(ROOT, 'src/adapters/http/auth.ts'), 'utf8');
    expect(src).toMatch(/timingSafeEqual\(/);
    // every comparison of a token or signature goes through safeEqual
    expect(src.match(/return safeEqual\(/g)?.length).toBe(2);
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});

// one marker in every payload: if it ever reaches a node's shell, the node's scripts or its disk show it
const MARK = 'zq9inj';
const INJECTIONS = [
  `$(touch /tmp/memfrag-pwned-${MARK})`,
  `\`touch /tmp/memfrag-pwned-${MARK}\``,
  `'; touch /tmp/memfrag-pwned-${MARK}; '`,
  `"; touch /tmp/memfrag-pwned-${MARK} #`,
  `\n touch /tmp/memfrag-pwned-${MARK}\n`,
  `| tee /tmp/memfrag-pwned-${MARK}`,
];

function injectEveryString(value: unknown, keep: (s: string) => boolean, i = { n: 0 }): unknown {
  if (typeof value === 'string') return keep(value) ? value : INJECTIONS[i.n++ % INJECTIONS.length];
  if (Array.isArray(value)) return value.map((v) => injectEveryString(v, keep, i));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, injectEveryString(v, keep, i)]));
  return value;
}

describe('request data never reaches a shell', () => {
  let rig: FunctionsRig;
  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    rig = await functionsRig({ fleet: { groups: [{ count: 3, prefix: 'pc', state: 'pagecache' }] } });
  });
  afterAll(() => rig.close());

  it('runs only the constant scripts whatever the payload fields hold', async () => {
    const [a, b, c] = rig.emu.instanceIds as [string, string, string];
    const isId = (s: string) =>
      /^ins-[a-z0-9]{8}$/.test(s) || s === '1' || s === '0' || /^(metric|event)$/.test(s);
    const cm = JSON.parse(payload('cm-metric-real.json').replaceAll('ins-jis5nk7e', a)) as unknown;
    const ev = JSON.parse(payload('cm-event-real.json').replaceAll('ins-7hw5sju6', b)) as unknown;
    const bodies = [injectEveryString(cm, isId), injectEveryString(ev, isId)];
    const answers = [];
    for (const body of bodies) answers.push(await alarm(rig.alarmEvent(JSON.stringify(body)), {}));
    for (const r of answers) expect(r.statusCode).toBeLessThan(500);
    const run = {
      instanceIds: [c],
      reason: INJECTIONS.join(' '),
      dryRun: false,
      approve: true,
      params: { dropCachesMode: 3 },
    };
    const res = await invoke(rig.signedEvent('POST', '/runs', JSON.stringify(run)), {
      time_limit_in_ms: 60_000,
    });
    expect(res.statusCode).toBeLessThan(500);
    for (const p of rig.dispatched.splice(0)) await worker(p as never, { time_limit_in_ms: 900_000 });
    await rig.emu.idle();
    const tasks = [...rig.emu.store.tasks.values()];
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) {
      expect(t.script).not.toContain(MARK);
      expect(t.script).not.toContain('memfrag-pwned');
    }
    const names = new Set(rig.emu.instanceIds.flatMap((id) => rig.emu.node(id).log.map((l) => l.name)));
    expect([...names].every((n) => ['probe', 'drop-caches', 'compact'].includes(n))).toBe(true);
    expect(existsSync(`/tmp/memfrag-pwned-${MARK}`)).toBe(false);
    // the payloads were accepted and acted on: the test would see an injection if there were one
    expect(names.has('drop-caches')).toBe(true);
  }, 120_000);
});

// distinctive fake secrets: any of them in any output is a leak
const SECRETS = {
  tatSecretKey: 'TatSecretKEY7f3a9c0d1e',
  sessionToken: 'SessTok91b2e4d7aa',
  webhookKey: 'HookKey55c1a0e9bb',
  alarmToken: 'AlarmTok3e8d21cc',
  apiKey: 'ApiKeyc0ffee42dd',
  pgPassword: 'PgPass8d7c6b5aee',
};

function startFailingHook(): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(500).end(`nope ${req.url}`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/hook?key=${SECRETS.webhookKey}`, hits });
    }),
  );
}

async function pgRoleUrl(db: TestDatabase): Promise<string> {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const role = `memfrag_sec_${Math.random().toString(16).slice(2, 8)}`;
  try {
    // our own constants: DDL takes no parameters
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${SECRETS.pgPassword}'`);
    await admin.query(`GRANT ALL ON SCHEMA public TO ${role}`);
    const name = new URL(db.url).pathname.slice(1);
    await admin.query(`GRANT ALL ON DATABASE ${name} TO ${role}`);
  } finally {
    await admin.end();
  }
  const u = new URL(db.url);
  u.username = role;
  u.password = SECRETS.pgPassword;
  return u.toString();
}

async function dumpPg(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    const out: string[] = [];
    for (const t of tables.rows)
      out.push(JSON.stringify((await c.query(`SELECT * FROM "${t.tablename}"`)).rows));
    return out.join('\n');
  } finally {
    await c.end();
  }
}

function dumpSqlite(home: string): string {
  const out: string[] = [];
  for (const f of readdirSync(home).filter((n) => n.endsWith('.db'))) {
    const db = new Database(join(home, f), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    for (const t of tables) out.push(JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all()));
    db.close();
  }
  return out.join('\n');
}

describe('secrets never leak', () => {
  const server = pgUrlForTests();
  let db: TestDatabase | undefined;
  let rig: FunctionsRig;
  let hook: Awaited<ReturnType<typeof startFailingHook>>;
  let dbUrl: string | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    hook = await startFailingHook();
    if (server) {
      db = await createTestDatabase(server);
      dbUrl = await pgRoleUrl(db);
    }
    // as SCF injects them: the role's keys, and our settings, in the environment
    Object.assign(process.env, {
      TENCENTCLOUD_SECRETID: 'AKIDsecurityTest',
      TENCENTCLOUD_SECRETKEY: SECRETS.tatSecretKey,
      TENCENTCLOUD_SESSIONTOKEN: SECRETS.sessionToken,
      MEMFRAG_WEBHOOK_URL: hook.url,
      MEMFRAG_ALARM_TOKEN: SECRETS.alarmToken,
      MEMFRAG_API_KEY: SECRETS.apiKey,
      ...(dbUrl ? { MEMFRAG_DATABASE_URL: dbUrl } : {}),
    });
    rig = await functionsRig({
      fleet: { groups: [{ count: 2, prefix: 'pc', state: 'pagecache' }] },
      envCredentials: true,
      secretKey: SECRETS.tatSecretKey,
      token: SECRETS.alarmToken,
      apiKey: SECRETS.apiKey,
      env: { MEMFRAG_WEBHOOK_URL: hook.url, ...(dbUrl ? { MEMFRAG_DATABASE_URL: dbUrl } : {}) },
    });
  });
  afterAll(async () => {
    await rig.close();
    await new Promise((r) => hook.server.close(r));
    process.env = saved;
    await db?.drop();
  });

  it('appear in no log line, record, error message or HTTP answer of a whole session', async () => {
    const produced: string[] = [];
    const keep = (x: unknown) => produced.push(typeof x === 'string' ? x : JSON.stringify(x));
    const [a, b] = rig.emu.instanceIds as [string, string];
    const body = payload('cm-metric-real.json').replaceAll('ins-jis5nk7e', a);
    keep(await alarm(rig.alarmEvent(body), {}));
    keep(await alarm({ ...rig.alarmEvent(body), headers: { 'x-memfrag-token': 'wrong' } }, {}));
    keep(await alarm(rig.alarmEvent('{"broken'), {}));
    keep(await invoke({ ...rig.signedEvent('GET', '/history', ''), headers: {} }, {}));
    for (const p of rig.dispatched.splice(0)) keep(await worker(p as never, { time_limit_in_ms: 900_000 }));
    // the role's key rotates to a wrong one: TAT refuses the signature, and the failure is recorded
    process.env.TENCENTCLOUD_SECRETKEY = `${SECRETS.tatSecretKey}X`;
    keep(await alarm(rig.alarmEvent(payload('cm-metric-real.json').replaceAll('ins-jis5nk7e', b)), {}));
    for (const p of rig.dispatched.splice(0))
      keep(
        await worker(p as never, { time_limit_in_ms: 900_000 }).catch(
          (e: Error) => `${e.name}: ${e.message} ${e.stack}`,
        ),
      );
    process.env.TENCENTCLOUD_SECRETKEY = SECRETS.tatSecretKey;
    keep(await invoke(rig.signedEvent('GET', '/history', ''), {}));
    for (const e of await rig.store.listEpisodes({}))
      keep(await invoke(rig.signedEvent('GET', `/episodes/${e.id}`, ''), {}));
    // a store that cannot connect says so without its password
    if (dbUrl) {
      const bad = new URL(dbUrl);
      bad.password = `${SECRETS.pgPassword}Z`;
      keep(
        await openStore({ url: bad.toString() }).then(
          () => 'opened',
          (e: Error) => `${e.message} ${e.stack}`,
        ),
      );
    }
    produced.push(...rig.logLines);
    produced.push(dbUrl ? await dumpPg(dbUrl) : dumpSqlite(rig.home));
    const all = produced.join('\n');
    // the session did what it should: episodes recorded, webhook tried, the auth failure recorded
    expect(all).toMatch(/AuthFailure|signature/i);
    expect(hook.hits.length).toBeGreaterThan(0);
    for (const [name, secret] of Object.entries(SECRETS)) {
      if (name === 'pgPassword' && !dbUrl) continue;
      expect({ name, leaked: all.includes(secret) }).toEqual({ name, leaked: false });
    }
  }, 180_000);
});

describe('CAM policy', () => {
  // SCF's Invoke API is authorised by the CAM action InvokeFunction
  const CAM_NAME: Record<string, string> = { 'scf:Invoke': 'scf:InvokeFunction' };

  function walk(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  }

  function actionsCalled(): Set<string> {
    const found = new Set<string>();
    for (const file of walk(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      // every client is `createCloudApi('svc', ...)` bound to a variable whose `.call('Action'` we follow
      const clients = new Map<string, string>();
      for (const m of text.matchAll(/(\w+)\s*=\s*createCloudApi\(\s*'(\w+)'/g)) clients.set(m[1]!, m[2]!);
      for (const m of text.matchAll(/(\w+)\.call(?:<[^>]*>)?\(\s*'(\w+)'/g)) {
        const svc = clients.get(m[1]!);
        if (!svc) throw new Error(`${file}: ${m[1]}.call('${m[2]}') on an unknown client`);
        const name = `${svc}:${m[2]}`;
        found.add(CAM_NAME[name] ?? name);
      }
      // a raw SDK call outside createCloudApi would escape this scan
      expect(text).not.toMatch(/\.request\(\s*'[A-Z]/);
    }
    return found;
  }

  it('grants exactly the cloud API actions the code calls', () => {
    const policy = JSON.parse(readFileSync(join(ROOT, 'deploy/cam-policy.json'), 'utf8')) as {
      statement: { effect: string; action: string[]; resource: string[] }[];
    };
    const granted = new Set(policy.statement.filter((s) => s.effect === 'allow').flatMap((s) => s.action));
    const called = actionsCalled();
    expect(called.size).toBeGreaterThanOrEqual(5);
    expect([...called].sort()).toEqual([...granted].sort());
    expect([...granted].some((a) => a.includes('*'))).toBe(false);
  });
});
