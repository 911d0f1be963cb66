/**
 * The three shapes a short-lived script takes, derived from one scenario file written as ESM with
 * top-level await (`lifetime/scripts/<name>.mjs`):
 *
 * - `esm-tla` (`.mjs`): the file as written;
 * - `cjs` (`.cjs`): `require('@ascend/node')` and the body inside `async function main()`, called
 *   without await;
 * - `main` (`.mjs`): the same `main()` in ESM, no top-level await.
 *
 * `main()` is called as `main().then(undefined, report)`: a rejection is printed to stderr and sets
 * exit code 1, and nothing else keeps the process alive. The derived files are written next to the
 * runtimes package (`.out/lifetime/`) so `@ascend/node` resolves through the workspace link to the
 * built package, exactly as it does for a user's script. Deno gets an esbuild bundle of each ESM
 * shape instead, with `@ascend/node` aliased to `@ascend/browser` (built `dist/` only).
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { RUNTIMES_DIR } from '../harness/bundle.js';

/** How a script is written. */
export type Shape = 'esm-tla' | 'cjs' | 'main';

/** Every shape, in report order. */
export const SHAPES: readonly Shape[] = ['esm-tla', 'cjs', 'main'];

/** Where the scenario sources live. */
export const SCRIPTS_DIR = join(RUNTIMES_DIR, 'lifetime', 'scripts');

/** Where the derived scripts and bundles are written. */
export const OUT_DIR = join(RUNTIMES_DIR, '.out', 'lifetime');

const IMPORT_LINE = /^import \{([^}]+)\} from '@ascend\/node';$/;

/**
 * Splits a scenario source into its leading comment, the names it imports from `@ascend/node`
 * and its body.
 * @throws Error when the file has another import, or calls `process.exit` (scripts must end by themselves).
 */
export function splitScenario(source: string, name = 'script'): { header: string[]; names: string; body: string[] } {
  if (/process\.exit\s*\(/.test(source)) throw new Error(`${name} calls process.exit(); a scenario must end by itself`);
  const lines = source.replace(/\r\n/g, '\n').trimEnd().split('\n');
  const header: string[] = [];
  let i = 0;
  while (i < lines.length && (lines[i]!.startsWith('//') || lines[i]!.trim() === '')) header.push(lines[i++]!);
  const match = IMPORT_LINE.exec(lines[i] ?? '');
  if (!match) throw new Error(`${name}: expected "import { ... } from '@ascend/node';" after the header, found: ${lines[i] ?? '(end of file)'}`);
  const body = lines.slice(i + 1);
  while (body[0]?.trim() === '') body.shift();
  if (body.some((l) => /^\s*import\s/.test(l) || /\brequire\(/.test(l))) throw new Error(`${name}: only one import, from @ascend/node, is supported`);
  return { header, names: match[1]!.trim(), body };
}

/** The text of `source` in `shape`. */
export function deriveShape(source: string, shape: Shape, name = 'script'): string {
  if (shape === 'esm-tla') {
    splitScenario(source, name);
    return source;
  }
  const { header, names, body } = splitScenario(source, name);
  const indented = body.map((l) => (l.trim() === '' ? '' : `  ${l}`));
  const note = `// Derived by runtimes/lifetime/shapes.ts from scripts/${name}.mjs: the ${shape === 'cjs' ? 'CommonJS' : 'plain main()'} shape.`;
  const load = shape === 'cjs' ? [`'use strict';`, `const { ${names} } = require('@ascend/node');`] : [`import { ${names} } from '@ascend/node';`];
  return [
    note,
    ...header,
    ...load,
    '',
    'async function main() {',
    ...indented,
    '}',
    '',
    "// Called without await: nothing but the client's own work keeps this process alive.",
    'main().then(undefined, (error) => {',
    '  console.error(error);',
    '  process.exitCode = 1;',
    '});',
    '',
  ].join('\n');
}

/** File extension of a shape. */
export const extensionOf = (shape: Shape): string => (shape === 'cjs' ? 'cjs' : 'mjs');

/** Paths of every derived script: scenario → shape → file, plus Deno bundles of the ESM shapes. */
export interface LifetimeScripts {
  /** `node`/`bun` files, run as written from inside the runtimes package. */
  plain: Record<string, Record<Shape, string>>;
  /** Deno bundles (ESM shapes only): `@ascend/browser` bundled in. */
  deno: Record<string, Partial<Record<Shape, string>>>;
}

/**
 * Writes every scenario in every shape under {@link OUT_DIR}, and a Deno bundle of each ESM shape
 * for the scenarios in `denoScenarios`.
 * @throws Error when a Deno bundle would include a package's sources instead of its `dist/`.
 */
export async function prepareScripts(denoScenarios: readonly string[]): Promise<LifetimeScripts> {
  await mkdir(OUT_DIR, { recursive: true });
  const plain: LifetimeScripts['plain'] = {};
  const deno: LifetimeScripts['deno'] = {};
  const files = (await readdir(SCRIPTS_DIR)).filter((f) => f.endsWith('.mjs')).sort();
  const repo = dirname(RUNTIMES_DIR);
  for (const file of files) {
    const name = file.slice(0, -'.mjs'.length);
    const source = await readFile(join(SCRIPTS_DIR, file), 'utf8');
    plain[name] = {} as Record<Shape, string>;
    for (const shape of SHAPES) {
      const out = join(OUT_DIR, shape === 'cjs' ? `${name}.cjs` : `${name}.${shape}.mjs`);
      await writeFile(out, deriveShape(source, shape, name));
      plain[name][shape] = out;
    }
    if (!denoScenarios.includes(name)) continue;
    deno[name] = {};
    for (const shape of ['esm-tla', 'main'] as const) {
      const outfile = join(OUT_DIR, `${name}.${shape}.deno.mjs`);
      const result = await build({
        entryPoints: [plain[name][shape]],
        outfile,
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        target: 'es2022',
        mainFields: ['module', 'main'],
        alias: { '@ascend/node': '@ascend/browser' },
        metafile: true,
        logLevel: 'silent',
        legalComments: 'none',
        absWorkingDir: RUNTIMES_DIR,
      });
      const inputs = Object.keys(result.metafile?.inputs ?? {}).map((p) => relative(repo, join(RUNTIMES_DIR, p)));
      const fromSources = inputs.filter((p) => /^packages\/[^/]+\/src\//.test(p));
      if (fromSources.length > 0) throw new Error(`deno bundle of ${name} includes package sources, not dist: ${fromSources.join(', ')}`);
      if (!inputs.includes('packages/browser/dist/index.js'))
        throw new Error(`deno bundle of ${name} does not include packages/browser/dist/index.js; is @ascend/browser built?`);
      deno[name][shape] = outfile;
    }
  }
  return { plain, deno };
}
