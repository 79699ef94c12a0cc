/** `memfrag serve` end to end over real HTTP: alarm → worker → closed episode, a manual run, a timer tick. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/adapters/http/auth';
import { type Serving, startServe } from '../../../src/cli/commands/serve';
import { fixture, type Loose } from '../../functions/harness';

let s: Serving;
let home: string;

beforeAll(async () => {
  delete process.env.http_proxy;
  process.env.LOG_LEVEL = 'silent';
  home = mkdtempSync(join(tmpdir(), 'memfrag-serve-'));
  s = await startServe({ home, fleet: { groups: [{ count: 3, prefix: 'pc', state: 'pagecache' }] } });
});
afterAll(async () => {
  await s?.close();
  rmSync(home, { recursive: true, force: true });
});

async function api(method: string, path: string, body = ''): Promise<{ status: number; json: Loose }> {
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-memfrag-timestamp': String(ts),
      'x-memfrag-signature': signRequest(
        s.apiKey,
        ts,
        method,
        path.split('?')[0]!,
        body,
        Object.fromEntries(new URL(path, 'http://x').searchParams),
      ),
    },
    ...(body ? { body } : {}),
  });
  return { status: res.status, json: (await res.json()) as Loose };
}

describe('memfrag serve', () => {
  it('runs an alarm through the worker to a closed episode', async () => {
    const id = s.emulator!.instanceIds[0]!;
    const res = await fetch(`${s.url}/alarm?token=${s.alarmToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: fixture('cm-metric-real.json', { 'ins-jis5nk7e': id }),
    });
    expect(res.status).toBe(202);
    const { episodes } = (await res.json()) as { episodes: { episodeId: string }[] };
    await s.invoker.idle();
    const ep = await api('GET', `/v1/episodes/${episodes[0]!.episodeId}`);
    expect(ep.status).toBe(200);
    expect(ep.json.episode).toMatchObject({ state: 'closed', outcome: 'resolved' });
  });

  it('refuses an alarm without the token and records nothing', async () => {
    const res = await fetch(`${s.url}/alarm`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect((await api('GET', '/v1/history')).json.episodes).toHaveLength(1);
  });

  it('runs a manual run in the worker and reports it under its run id', async () => {
    const id = s.emulator!.instanceIds[1]!;
    const start = await api('POST', '/v1/runs', JSON.stringify({ instanceIds: [id], reason: 'serve test' }));
    expect(start.status).toBe(202);
    await s.invoker.idle();
    const run = await api('GET', `/v1/runs/${start.json.runId}`);
    expect(run.json.episodes).toMatchObject([{ instanceId: id, state: 'closed', outcome: 'resolved' }]);
  });

  it('sweeps the emulated fleet on a timer tick', async () => {
    const res = await fetch(`${s.url}/tick`, { method: 'POST' });
    expect(res.status).toBe(200);
    const out = (await res.json()) as Loose;
    expect(out).toMatchObject({ ok: true, mode: 'inline', nodes: 3 });
    // the two nodes remediated above are in cooldown; the third is remediated now
    const third = await api('GET', `/v1/history?node=${s.emulator!.instanceIds[2]}`);
    expect(third.json.episodes).toMatchObject([{ trigger: 'sweep', outcome: 'resolved' }]);
  });

  it('answers 404 for an unknown path', async () => {
    expect((await fetch(`${s.url}/nothing`)).status).toBe(404);
  });
});
