import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  combineNotifiers,
  createWebhookNotifier,
  createWeComNotifier,
  wecomMarkdown,
} from '../../../src/adapters/notify/notifiers';
import type { NotificationSummary } from '../../../src/ports';

interface Hit {
  url: string;
  body: unknown;
}

let server: Server;
let base: string;
const hits: Hit[] = [];
let answer: { status: number; body: string } = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => {
      s += c;
    });
    req.on('end', () => resolve(s));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    hits.push({ url: req.url ?? '', body: JSON.parse(await read(req)) });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const summary: NotificationSummary = {
  title: 'memfrag: ins-abcd1234 resolved',
  instanceId: 'ins-abcd1234',
  episodeId: 'ep-1',
  verdict: 'fragmented',
  outcome: 'resolved',
  lines: ['drop_caches: free pages at order >= 4 in Normal 120 -> 48,512', 'compaction not needed'],
};

describe('notifiers', () => {
  it('posts the summary as JSON to a webhook', async () => {
    hits.length = 0;
    await createWebhookNotifier(`${base}/hook`).notify(summary);
    expect(hits).toEqual([{ url: '/hook', body: { source: 'memfrag', ...summary } }]);
  });

  it('posts WeCom markdown with the key in the query string', async () => {
    hits.length = 0;
    await createWeComNotifier('robot-key-123', { baseUrl: `${base}/cgi-bin/webhook/send` }).notify(summary);
    expect(hits[0]?.url).toBe('/cgi-bin/webhook/send?key=robot-key-123');
    const body = hits[0]?.body as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('**ins-abcd1234**');
    expect(body.markdown.content).toContain('<font color="info">resolved</font>');
    expect(body.markdown.content).toContain('- compaction not needed');
  });

  it('reports a refusal without the key in the message', async () => {
    answer = { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' };
    const err = await createWeComNotifier('secret-robot-key', { baseUrl: `${base}/x` })
      .notify(summary)
      .catch((e) => e);
    answer = { status: 200, body: '{"errcode":0}' };
    expect(String(err)).toContain('93000');
    expect(String(err)).not.toContain('secret-robot-key');
  });

  it('never leaks the URL when the server is unreachable', async () => {
    const err = await createWeComNotifier('secret-robot-key', {
      baseUrl: 'http://127.0.0.1:1/x',
      timeoutMs: 2000,
    })
      .notify(summary)
      .catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).not.toContain('secret-robot-key');
  });

  it('keeps WeCom markdown under its 4096-byte limit', () => {
    const long = { ...summary, lines: Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(40)}`) };
    expect(Buffer.byteLength(wecomMarkdown(long))).toBeLessThanOrEqual(4096);
  });

  it('delivers to every notifier even when one fails', async () => {
    hits.length = 0;
    const errors: unknown[] = [];
    const n = combineNotifiers(
      [
        createWebhookNotifier('http://127.0.0.1:1/down', { timeoutMs: 2000 }),
        createWebhookNotifier(`${base}/up`),
      ],
      (e) => errors.push(e),
    );
    await n.notify(summary);
    expect(hits.map((h) => h.url)).toEqual(['/up']);
    expect(errors).toHaveLength(1);
  });
});
