import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tatClient } from './sdk';

const DRIVER = new URL('./cliDriver.ts', import.meta.url).pathname;

function start(args: string[]): {
  child: ChildProcess;
  firstLine: Promise<string>;
  done: Promise<{ code: number | null; stderr: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', DRIVER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => {
      out += b;
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
    });
    child.on('exit', () => reject(new Error(`exited: ${err}`)));
  });
  child.stderr?.on('data', (b: Buffer) => {
    err += b;
  });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr: err })),
  );
  firstLine.catch(() => undefined);
  return { child, firstLine, done };
}

describe('memfrag emulator', () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    running?.kill('SIGTERM');
  });

  it('serves a fleet file with the given credentials until terminated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memfrag-cli-'));
    const fleet = join(dir, 'fleet.json');
    writeFileSync(
      fleet,
      JSON.stringify({
        groups: [
          { count: 4, state: 'healthy' },
          { count: 1, state: 'healthy', faults: { agent: 'offline' } },
        ],
      }),
    );
    const { child, firstLine, done } = start([
      '--port',
      '0',
      '--fleet',
      fleet,
      '--secret-id',
      'AKIDcli',
      '--secret-key',
      'k3y',
      '--json',
    ]);
    running = child;
    const info = JSON.parse(await firstLine);
    expect(info).toMatchObject({ secretId: 'AKIDcli', secretKey: 'k3y', instances: 5 });
    const emu = {
      port: Number(new URL(info.endpoint).port),
      secretId: 'AKIDcli',
      secretKey: 'k3y',
      region: info.region,
    };
    const r = await tatClient(emu as never).DescribeAutomationAgentStatus({
      Filters: [{ Name: 'agent-status', Values: ['Online'] }],
    });
    expect(r.TotalCount).toBe(4);
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  });

  it('refuses an invalid fleet file with one clear line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memfrag-cli-'));
    const fleet = join(dir, 'fleet.json');
    writeFileSync(fleet, JSON.stringify({ groups: [{ count: 1, state: 'melting' }] }));
    const { done } = start(['--fleet', fleet]);
    const { code, stderr } = await done;
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/invalid fleet file .*groups\.0\.state/);
  });
});
