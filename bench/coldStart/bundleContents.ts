/** Which packages fill a function bundle: an esbuild metafile of the same entry, bytes per package. */
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');

/** Output bytes per package (or per top-level project folder), largest first. */
export async function bundleContents(fn: string, top = 8): Promise<[string, number][]> {
  // the same options as scripts/build.ts, minus its script-inlining plugin (the scripts are ~15 KB)
  const result = await build({
    entryPoints: [join(ROOT, 'functions', `${fn}.ts`)],
    outfile: join(ROOT, 'dist', 'analysis.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    write: false,
    metafile: true,
    legalComments: 'none',
    external: ['better-sqlite3', 'pg-native'],
    logLevel: 'error',
  });
  const bytes = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const pkg =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
      bytes.set(pkg, (bytes.get(pkg) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top);
}
