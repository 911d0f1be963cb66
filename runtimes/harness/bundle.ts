/**
 * Bundles the conformance script once per runtime with esbuild, from the built packages: the
 * `@ascend/*` imports resolve through the workspace links to each package's `dist/`, and the
 * bundle is refused if any input comes from a package's `src/`.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/** The folder of the runtimes package. */
export const RUNTIMES_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

/** The bundles the runners execute. */
export type BundleName = 'node' | 'deno' | 'bun' | 'workerd' | 'chromium';

/** Absolute path of every bundle, plus the package files each was built from. */
export interface Bundles {
  /** Output directory. */
  dir: string;
  /** Bundle name → absolute path of the `.mjs`/`.js` file. */
  files: Record<BundleName, string>;
  /** Bundle name → `@ascend` package files bundled in (relative to the repo). */
  packageInputs: Record<BundleName, string[]>;
}

const ENTRIES: Record<BundleName, { entry: string; options: BuildOptions }> = {
  node: { entry: 'entry-node.ts', options: { platform: 'node', target: 'node20' } },
  deno: { entry: 'entry-deno.ts', options: { platform: 'neutral', target: 'es2022', mainFields: ['module', 'main'] } },
  bun: { entry: 'entry-bun.ts', options: { platform: 'neutral', target: 'es2022', mainFields: ['module', 'main'] } },
  workerd: { entry: 'entry-workerd.ts', options: { platform: 'neutral', target: 'es2022', mainFields: ['module', 'main'], conditions: ['workerd', 'worker'] } },
  chromium: { entry: 'entry-chromium.ts', options: { platform: 'browser', target: 'es2022' } },
};

/**
 * Builds every bundle into `outDir`.
 * @throws Error when a bundle pulls in an `@ascend` package's sources instead of its `dist/`.
 */
export async function buildBundles(outDir: string = join(RUNTIMES_DIR, '.out')): Promise<Bundles> {
  await mkdir(outDir, { recursive: true });
  const repo = dirname(RUNTIMES_DIR);
  const files = {} as Record<BundleName, string>;
  const packageInputs = {} as Record<BundleName, string[]>;
  for (const [name, { entry, options }] of Object.entries(ENTRIES) as Array<[BundleName, (typeof ENTRIES)[BundleName]]>) {
    const outfile = join(outDir, `${name}.mjs`);
    const result = await build({
      entryPoints: [join(RUNTIMES_DIR, 'conformance', entry)],
      outfile,
      bundle: true,
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
      legalComments: 'none',
      absWorkingDir: RUNTIMES_DIR,
      ...options,
    });
    const inputs = Object.keys(result.metafile?.inputs ?? {}).map((p) => relative(repo, join(RUNTIMES_DIR, p)));
    const fromPackages = inputs.filter((p) => p.startsWith('packages/'));
    const fromSources = fromPackages.filter((p) => /^packages\/[^/]+\/src\//.test(p));
    if (fromSources.length > 0) throw new Error(`bundle ${name} includes package sources, not dist: ${fromSources.join(', ')}`);
    if (!fromPackages.some((p) => p === 'packages/browser/dist/index.js')) {
      throw new Error(`bundle ${name} does not include packages/browser/dist/index.js; is @ascend/browser built?`);
    }
    files[name] = outfile;
    packageInputs[name] = fromPackages;
  }
  return { dir: outDir, files, packageInputs };
}
