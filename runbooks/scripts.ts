/**
 * The node-side scripts as constants. This module is the ONE place that reads `runbooks/scripts/*.sh`;
 * a bundler step can replace the read with inlined text without touching any caller.
 */
import { readFileSync } from 'node:fs';

/** The scripts a Command can be built from. */
export const ScriptName = { Probe: 'probe', DropCaches: 'drop-caches', Compact: 'compact' } as const;
export type ScriptName = (typeof ScriptName)[keyof typeof ScriptName];

/** Remediation scripts get the shared helpers (lock, marker, counters) prepended. */
export const REMEDIATION_SCRIPTS: readonly ScriptName[] = [ScriptName.DropCaches, ScriptName.Compact];

const cache = new Map<string, string>();

// Read lazily so a missing script only fails the command that needs it.
function readScriptFile(file: string): string {
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  const text = readFileSync(new URL(`./scripts/${file}`, import.meta.url), 'utf8');
  cache.set(file, text);
  return text;
}

/** The full text of a script as sent to a node (helpers included for remediation scripts), without parameters. */
export function scriptBody(name: ScriptName): string {
  const own = readScriptFile(`${name}.sh`);
  return REMEDIATION_SCRIPTS.includes(name) ? `${readScriptFile('lib.sh')}\n${own}` : own;
}
