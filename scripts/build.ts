/**
 * `npm run build`: bundles each cloud function with esbuild into dist/<name>/index.js (CommonJS,
 * node18, minified, `main_handler` exported), the folders deploy/<name>/serverless.yml points at.
 * The node-side scripts are inlined into runbooks/scripts.ts so a bundle needs no file beside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
export const FUNCTIONS = ['alarm', 'invoke', 'sweep', 'worker'] as const;

/** Replaces the one file read in runbooks/scripts.ts with the scripts' text. */
const inlineScripts: Plugin = {
  name: 'inline-runbook-scripts',
  setup(b) {
    b.onLoad({ filter: /runbooks[/\\]scripts\.ts$/ }, (args) => {
      const dir = join(ROOT, 'runbooks', 'scripts');
      const files = Object.fromEntries(
        readdirSync(dir)
          .filter((f) => f.endsWith('.sh'))
          .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
      );
      const src = readFileSync(args.path, 'utf8');
      const read = /readFileSync\(new URL\(`\.\/scripts\/\$\{file\}`, import\.meta\.url\), 'utf8'\)/;
      if (!read.test(src))
        throw new Error('runbooks/scripts.ts changed: update the inline-runbook-scripts plugin');
      const contents = `const INLINED_SCRIPTS = ${JSON.stringify(files)};\n${src
        // biome-ignore lint/suspicious/noTemplateCurlyInString: generated source text, not a template
        .replace(read, '(INLINED_SCRIPTS[file] ?? (() => { throw new Error(`no script ${file}`); })())')
        .replace(/^import \{ readFileSync \} from 'node:fs';$/m, '')}`;
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Packages swapped for stubs in the bundles: code we never run that costs ~415 KiB per bundle. Each stub
 * says why it is safe. Only dead code goes here; stubbing a path we use would break production silently.
 */
export const STUBS: Record<string, string> = {
  'whatwg-url': join(ROOT, 'scripts', 'stubs', 'whatwg-url.cjs'),
  'mime-db': join(ROOT, 'scripts', 'stubs', 'mime-db.cjs'),
};

/** The esbuild options for one function's bundle at `<outdir>/<fn>/index.js`. */
export function functionBuildOptions(fn: string, outdir: string): BuildOptions {
  return {
    entryPoints: [join(ROOT, 'functions', `${fn}.ts`)],
    outfile: join(outdir, fn, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    // the embedded SQLite driver is native and built for this host's Node: functions use PostgreSQL
    external: ['better-sqlite3', 'pg-native'],
    alias: STUBS,
    plugins: [inlineScripts],
    logLevel: 'warning',
  };
}

/** Builds every function bundle; returns their sizes in bytes. */
export async function buildFunctions(outdir = join(ROOT, 'dist')): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const fn of FUNCTIONS) {
    await build(functionBuildOptions(fn, outdir));
    sizes[fn] = statSync(join(outdir, fn, 'index.js')).size;
  }
  return sizes;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const sizes = await buildFunctions();
  for (const [fn, size] of Object.entries(sizes))
    console.log(`dist/${fn}/index.js  ${(size / 1024).toFixed(0)} KiB`);
}
