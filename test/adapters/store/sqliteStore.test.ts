import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/adapters/store/openStore';
import { storeContract } from './storeContract';

const home = mkdtempSync(join(tmpdir(), 'memfrag-store-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('SQLite store', () => {
  storeContract(() => openStore({ home }));

  it('keeps its file under home in WAL mode with a busy timeout', async () => {
    const dir = join(home, 'nested', 'home');
    const store = await openStore({ home: dir });
    await store.close();
    expect(existsSync(join(dir, 'memfrag.db'))).toBe(true);
    const db = new Database(join(dir, 'memfrag.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('defaults home to .memfrag in the current directory', async () => {
    const cwd = process.cwd();
    process.chdir(home);
    try {
      const store = await openStore({});
      await store.close();
      expect(existsSync(join(home, '.memfrag', 'memfrag.db'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses a URL that is not postgres without showing its password', async () => {
    await expect(openStore({ url: 'mysql://u:hunter2@db/x' })).rejects.toThrow(
      /unsupported database URL mysql:\/\/u:\*\*\*@db\/x/,
    );
  });
});
