/** Compiles the fragmenter (frag.c) with this machine's `cc` into a temp dir, once per process. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = new URL('./frag.c', import.meta.url).pathname;
let built: string | undefined;

/** Why the fragmenter cannot be built here, or undefined when a C compiler is available. */
export function compilerMissing(): string | undefined {
  const r = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'no C compiler (`cc`) on this machine';
}

/** The path of the compiled fragmenter; throws with the compiler's message when the build fails. */
export function buildFragmenter(): string {
  if (built && existsSync(built)) return built;
  const out = join(mkdtempSync(join(tmpdir(), 'memfrag-frag-')), 'frag');
  const r = spawnSync('cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', out, SOURCE], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cc failed: ${(r.stderr || r.error?.message || '').trim()}`);
  built = out;
  return out;
}
