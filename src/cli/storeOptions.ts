/** The store options every record-reading command shares: `--home` and `--database-url`, env as default. */
import type { Command } from 'commander';
import { openStore } from '../adapters/store/openStore';
import { loadConfig } from '../config';
import type { Store } from '../ports';

export interface StoreFlags {
  home?: string;
  databaseUrl?: string;
}

/** Adds `--home` and `--database-url` to a command. */
export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--home <dir>', 'directory of the embedded SQLite store (env MEMFRAG_HOME, default .memfrag)')
    .option('--database-url <url>', 'postgres://... store instead of SQLite (env MEMFRAG_DATABASE_URL)');
}

/** Opens the store the flags (or the environment) name. */
export async function storeFrom(flags: StoreFlags): Promise<Store> {
  const config = loadConfig();
  const url = flags.databaseUrl ?? config.databaseUrl;
  return openStore({ ...(url ? { url } : {}), home: flags.home ?? config.home });
}

/** `2026-11-28`, `2026-11-28T10:00:00Z`, `24h`, `7d`, `30m` → epoch ms; null when unreadable. */
export function parseSince(text: string, now: number): number | null {
  const rel = /^(\d{1,5})([mhd])$/.exec(text);
  if (rel)
    return now - Number(rel[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 'm' | 'h' | 'd'];
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}
