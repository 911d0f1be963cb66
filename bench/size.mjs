// Bundle size of @ascend/browser as a browser app ships it: esbuild, ESM, platform=browser,
// minified, tree-shaken, gzip level 9 (node:zlib). Three bundles:
//   minimal      only the lean `AscendAgentClient` imported and one `evaluateAction` call
//                (the budget: <= 12 KB gzip)
//   full minimal only `AscendClient` (every endpoint) imported and one `evaluateAction` call
//                (informational: the management operations and their wire code on top)
//   everything   `export * from '@ascend/browser'` (every export kept)
// The lean bundle is also checked for code it must not carry (the full client's management
// operations and their wire mapping): tree shaking has to drop them.
// Then, for comparison only, peer SDKs measured the same way (a client constructed and one call
// made) when they install from npm within BENCH_PEER_TIMEOUT_MS; set BENCH_SKIP_PEERS=1 to skip.
//
// Run: pnpm --filter @ascend/browser... build && node bench/size.mjs   (or pnpm bench for all)
// Prints `RATIO size.browser.minimal.gzip_kb <value> <=12 <met|missed>` and, informational,
// `RATIO size.browser.full_minimal.gzip_kb <value> - info` (convention: run-all.mjs).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BROWSER_DIR = join(ROOT, 'packages', 'browser');
const GOAL_GZIP_KB = 12;
const PEER_TIMEOUT_MS = Number(process.env.BENCH_PEER_TIMEOUT_MS ?? 120_000);

if (!existsSync(join(BROWSER_DIR, 'dist', 'index.js')) || !existsSync(join(ROOT, 'packages', 'core', 'dist', 'index.js'))) {
  console.error('size: build @ascend/core and @ascend/browser first (pnpm build)');
  process.exit(1);
}

const kb = (n) => (n / 1024).toFixed(2);

/** Bundles `contents` (resolved from `resolveDir`) the way a browser app would; returns sizes. */
async function measure(contents, resolveDir, external = []) {
  const result = await esbuild.build({
    external,
    stdin: { contents, resolveDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0].contents;
  const output = Object.values(result.metafile.outputs)[0];
  const files = Object.entries(output.inputs).map(([file, info]) => ({ file, bytes: info.bytesInOutput }));
  const inputs = files.reduce((acc, { file, bytes }) => acc.set(packageOf(file), (acc.get(packageOf(file)) ?? 0) + bytes), new Map());
  return {
    raw: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
    text: new TextDecoder().decode(code),
    inputs: [...inputs].sort((a, b) => b[1] - a[1]),
    files: files.sort((a, b) => b.bytes - a.bytes),
  };
}

/** Groups a bundle input path by the package it comes from. */
function packageOf(file) {
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /packages\/([^/]+)\//.exec(file);
  return m ? `@ascend/${m[1]}` : file;
}

/** Strings only the full client's management operations and their wire mapping contain. */
const MANAGEMENT_MARKERS = [
  '/api/webhooks',
  '/api/registry/agents"',
  '/audit/logs',
  'registerSupplyChainComponent',
  'component_name',
  'evaluate-realtime',
  'deployment-info',
];

function row(name, s) {
  return `${name.padEnd(34)} ${kb(s.raw).padStart(9)} ${kb(s.gzip).padStart(9)} ${kb(s.brotli).padStart(9)}`;
}

console.log('Bundle size: esbuild --bundle --minify --format=esm --platform=browser, sizes in KB (1024 bytes)\n');
console.log(`${'bundle'.padEnd(34)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}`);

// The browser package imports itself by name (package self-reference through its exports map),
// so the measured bundle resolves exactly what a user's bundler resolves.
const entry = (className) =>
  [
    `import { ${className} } from '@ascend/browser';`,
    `const client = new ${className}({ apiKey: 'k', agentId: 'a' });`,
    "export const decision = client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api' });",
  ].join('\n');
const MINIMAL_ENTRY = entry('AscendAgentClient');
const minimal = await measure(MINIMAL_ENTRY, BROWSER_DIR);
const fullMinimal = await measure(entry('AscendClient'), BROWSER_DIR);
const everything = await measure("export * from '@ascend/browser';", BROWSER_DIR);
console.log(row('@ascend/browser minimal (lean)', minimal));
console.log(row('@ascend/browser full minimal', fullMinimal));
console.log(row('@ascend/browser everything', everything));

for (const [name, bundle] of [
  ['minimal', minimal],
  ['full minimal', fullMinimal],
]) {
  const nodeBuiltins = /["'](node:[a-z_/]+)["']/.exec(bundle.text);
  if (nodeBuiltins) console.log(`\nWARNING: the ${name} browser bundle references ${nodeBuiltins[1]}`);
}
const leaked = MANAGEMENT_MARKERS.filter((marker) => minimal.text.includes(marker));
const fullHas = MANAGEMENT_MARKERS.filter((marker) => fullMinimal.text.includes(marker));
if (leaked.length > 0) console.log(`\nWARNING: the lean bundle carries management code (${leaked.join(', ')}): tree shaking failed`);
else
  console.log(`\nlean bundle: no management code (${fullHas.length} of ${MANAGEMENT_MARKERS.length} markers found in the full bundle, none in the lean one)`);

console.log('\nminimal (lean) bundle by package, and every file (KB minified, before compression):');
for (const [name, bytes] of minimal.inputs) console.log(`  ${name.padEnd(40)} ${kb(bytes).padStart(9)}`);
for (const { file, bytes } of minimal.files.filter((f) => f.bytes > 0))
  console.log(`    ${file.replace(/^.*node_modules\//, '').padEnd(38)} ${kb(bytes).padStart(9)}`);
const dependencies = minimal.inputs.map(([name]) => name).filter((name) => !name.startsWith('@ascend/'));
if (dependencies.length > 0) {
  const own = await measure(MINIMAL_ENTRY, BROWSER_DIR, dependencies);
  console.log(`  without third-party code (${dependencies.join(', ')} external): ${kb(own.gzip)} KB gzip`);
}

// Peer SDKs, for scale ---------------------------------------------------------------------------
const PEERS = [
  {
    name: 'openai',
    entry: [
      "import OpenAI from 'openai';",
      "const client = new OpenAI({ apiKey: 'k', dangerouslyAllowBrowser: true });",
      "export const r = client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });",
    ].join('\n'),
  },
  {
    name: 'stripe',
    entry: [
      "import Stripe from 'stripe';",
      "const stripe = new Stripe('sk_test_x', { httpClient: Stripe.createFetchHttpClient() });",
      "export const r = stripe.refunds.create({ charge: 'ch_1' });",
    ].join('\n'),
  },
  {
    name: '@cerbos/http',
    entry: [
      "import { HTTP } from '@cerbos/http';",
      "const cerbos = new HTTP('http://localhost:3592');",
      "export const r = cerbos.isAllowed({ principal: { id: 'u', roles: ['user'] }, resource: { kind: 'doc', id: '1' }, action: 'view' });",
    ].join('\n'),
  },
];

if (process.env.BENCH_SKIP_PEERS === '1') {
  console.log('\npeer SDKs: skipped (BENCH_SKIP_PEERS=1)');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'ascend-size-peers-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'size-peers', private: true, type: 'module' }));
    const installed = await promisify(execFile)(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error', ...PEERS.map((p) => p.name)],
      { cwd: dir, timeout: PEER_TIMEOUT_MS, env: { ...process.env, npm_config_update_notifier: 'false' } },
    ).then(
      () => true,
      (error) => {
        console.log(`\npeer SDKs: skipped (npm install failed or took over ${PEER_TIMEOUT_MS} ms: ${String(error.message).split('\n')[0]})`);
        return false;
      },
    );
    if (installed) {
      console.log('\npeer SDKs, same settings, a client constructed and one call made (for scale, no goal):');
      for (const peer of PEERS) {
        try {
          const s = await measure(peer.entry, dir);
          const version = JSON.parse(readFileSync(join(dir, 'node_modules', peer.name, 'package.json'), 'utf8')).version;
          console.log(`${row(`${peer.name}@${version}`, s)}   (@ascend/browser minimal is ${(minimal.gzip / s.gzip).toFixed(2)}x its gzip size)`);
        } catch (error) {
          console.log(`${peer.name.padEnd(34)} skipped: ${String(error.errors?.[0]?.text ?? error.message).split('\n')[0]}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const gzipKb = minimal.gzip / 1024;
const met = gzipKb <= GOAL_GZIP_KB;
if (leaked.length > 0) process.exitCode = 1;
console.log(`\ngoal: @ascend/browser minimal (AscendAgentClient) <= ${GOAL_GZIP_KB} KB gzip; measured ${gzipKb.toFixed(2)} KB: ${met ? 'met' : 'MISSED'}`);
if (!met) console.log('  why, and what each way down would remove: docs/decisions/009-browser-size-budget.md');
console.log(`full client (AscendClient, every endpoint) for comparison: ${kb(fullMinimal.gzip)} KB gzip, no goal`);
console.log(`RATIO size.browser.minimal.gzip_kb ${gzipKb.toFixed(2)} <=${GOAL_GZIP_KB} ${met ? 'met' : 'missed'}`);
console.log(`RATIO size.browser.full_minimal.gzip_kb ${kb(fullMinimal.gzip)} - info`);
