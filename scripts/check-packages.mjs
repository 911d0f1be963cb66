#!/usr/bin/env node
// Tests what users install, not what the workspace links (root script: pnpm check:packages).
//
// For every package in PACKAGES, built beforehand (pnpm build):
//   1. `pnpm pack` it, so workspace:^ ranges become real versions, exactly as `pnpm publish` would;
//   2. lint the tarball with publint (errors and warnings fail) and with attw in the esm-only
//      profile (docs/decisions/001-esm-only.md);
//   3. install all tarballs together with npm into a temp ESM project and a temp CommonJS project,
//      our packages resolved from the tarballs only (direct dependencies plus `overrides`), and
//      in each: import / require every package, construct a client with each adapter and run one
//      decision plus one completion report against a local HTTP server on 127.0.0.1, load every
//      other exported subpath (e.g. @ascend/core/internal), check that deep imports
//      (`@ascend/core/dist/client.js`) are refused by the exports map and that `<name>/package.json`
//      is exported;
//   4. bundle with esbuild for platform=browser: @ascend/browser must bundle cleanly, @ascend/node
//      must fail (named import: build error; namespace import: the bundle throws the message that
//      points to @ascend/browser).
//
// To add a package, append its folder name to PACKAGES; give it an entry in EXERCISES (inside the
// smoke script below) when it should do more than load.
//
// Options: --keep (keep the temp dir), --only <dir,dir> (subset, e.g. while iterating).
// Exit code 0 when every check passed, 1 otherwise; each check prints one line.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Package folders under packages/ that are published and checked here. */
export const PACKAGES = ['core', 'node', 'browser', 'testing', 'governance', 'mcp', 'dev-server', 'ky', 'aws-sdk', 'ai-sdk', 'openai-agents'];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const onlyIndex = args.indexOf('--only');
const selected = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',').filter(Boolean) : PACKAGES;
const started = Date.now();
const results = [];

function record(ok, label, detail = '') {
  results.push({ ok, label });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? `\n${detail.replace(/^/gm, '     ')}` : ''}`);
}

async function sh(cmd, argv, options = {}) {
  try {
    const { stdout, stderr } = await run(cmd, argv, { maxBuffer: 64 * 1024 * 1024, ...options, env: { ...process.env, ...options.env } });
    return { ok: true, stdout, stderr };
  } catch (error) {
    return { ok: false, stdout: error.stdout ?? '', stderr: error.stderr ?? String(error), code: error.code };
  }
}

// npm on some machines warns about unrelated user config; keep failure output to what matters.
const noise = (text) =>
  text
    .split('\n')
    .filter((l) => !/^npm warn (Unknown|config)/i.test(l))
    .join('\n')
    .trim();

function manifest(dir) {
  return JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
}

for (const dir of selected) {
  if (!PACKAGES.includes(dir)) {
    console.error(`check-packages: unknown package folder "${dir}" (known: ${PACKAGES.join(', ')})`);
    process.exit(1);
  }
  if (!existsSync(join(ROOT, 'packages', dir, 'dist'))) {
    console.error(`check-packages: packages/${dir}/dist is missing; run \`pnpm build\` first`);
    process.exit(1);
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'ascend-check-packages-'));
const packed = new Map(); // package name -> tarball path

// 1. pack ------------------------------------------------------------------------------------
await Promise.all(
  selected.map(async (dir) => {
    const name = manifest(dir).name;
    const dest = join(tmp, 'tarballs', dir);
    mkdirSync(dest, { recursive: true });
    const r = await sh('pnpm', ['pack', '--pack-destination', dest], { cwd: join(ROOT, 'packages', dir) });
    const tgz = readdirSync(dest).find((f) => f.endsWith('.tgz'));
    if (!r.ok || !tgz) return record(false, `${name}: pnpm pack`, noise(r.stderr || r.stdout));
    packed.set(name, join(dest, tgz));
    const listing = await sh('tar', ['-tzf', join(dest, tgz)]);
    const files = listing.stdout.split('\n').filter(Boolean);
    const leaked = files.filter((f) => /\.test\.|test-support\/|\.tsbuildinfo$|(^|\/)\.env$/.test(f));
    record(leaked.length === 0, `${name}: pnpm pack (${files.length} files)`, leaked.length ? `test or local files in the tarball:\n${leaked.join('\n')}` : '');
  }),
);

// 2. publint + attw --------------------------------------------------------------------------
const { publint } = await import('publint');
const { formatMessage } = await import('publint/utils');
await Promise.all(
  [...packed].map(async ([name, tgz]) => {
    const bytes = readFileSync(tgz);
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const lint = await publint({ pack: { tarball }, level: 'suggestion', strict: false });
    const lines = lint.messages.map((m) => `${m.type}: ${formatMessage(m, lint.pkg, { color: false })}`);
    const bad = lint.messages.filter((m) => m.type !== 'suggestion');
    record(bad.length === 0, `${name}: publint${lines.length ? ` (${lines.length} message(s))` : ''}`, lines.join('\n'));

    const attw = await sh(join(ROOT, 'node_modules', '.bin', 'attw'), [tgz, '--profile', 'esm-only', '--format', 'table-flipped', '--no-color'], { cwd: tmp });
    record(attw.ok, `${name}: attw --profile esm-only`, attw.ok ? '' : noise(attw.stdout + attw.stderr));
  }),
);

// 3. install into temp ESM and CommonJS projects -----------------------------------------------
// Peer dependencies (optional ones included) are installed from the registry, so that subpaths
// built on them (e.g. an `./msw` entry) can load as they would for a user who installed the peer.
const peers = {};
for (const dir of selected) {
  for (const [name, range] of Object.entries(manifest(dir).peerDependencies ?? {})) if (!name.startsWith('@ascend/')) peers[name] = range;
}
const deps = { ...peers, ...Object.fromEntries([...packed].map(([name, tgz]) => [name, `file:${tgz}`])) };
// `$name` makes every transitive @ascend/* dependency use the same tarball as the direct one.
const overrides = Object.fromEntries([...packed.keys()].map((name) => [name, `$${name}`]));

const SMOKE = String.raw`
const names = JSON.parse(process.env.ASCEND_SMOKE_PACKAGES);
const { createServer } = await load('node:http');
const { createHmac } = await load('node:crypto');
const assert = (await load('node:assert/strict')).default ?? (await load('node:assert/strict'));

// A minimal ASCEND on 127.0.0.1: allows every action and accepts completion reports.
const seen = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push(req.method + ' ' + req.url);
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && req.url === '/api/v1/actions/submit') {
      const sent = JSON.parse(body);
      assert.equal(sent.action_type, 'financial.refund');
      assert.equal(req.headers['x-api-key'], 'smoke-key');
      res.end(JSON.stringify({ action_id: 4242, decision: 'allowed', status: 'approved', risk_score: 12, risk_level: 'low' }));
    } else if (req.method === 'POST' && req.url === '/api/agent-action/4242/complete') {
      res.end(JSON.stringify({ status: 'ok' }));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ detail: 'not found' }));
    }
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const baseUrl = 'http://127.0.0.1:' + server.address().port;
const common = { apiKey: 'smoke-key', baseUrl, agentId: 'smoke-agent', logLevel: 'error' };

async function governedRefund(client) {
  try {
    const decision = await client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 5 } });
    assert.equal(decision.decision, 'allowed');
    assert.equal(decision.actionId, '4242');
    const receipt = await client.logActionCompleted(decision.actionId, { durationMs: 1, result: { refunded: true } });
    assert.equal(receipt.delivered, true);
  } finally {
    await client.close();
  }
}

const nodeSigner = { hmacSha256: async (key, data) => new Uint8Array(createHmac('sha256', key).update(data).digest()) };
// Package name -> what to do with the loaded module beyond loading it.
const EXERCISES = {
  '@ascend/core': (m) => governedRefund(new m.AscendClient(common, { fetch: (i, init) => fetch(i, init), signer: nodeSigner })),
  '@ascend/node': async (m) => {
    await governedRefund(new m.AscendClient({ ...common, env: {} }));
    if (names.includes('@ascend/core')) {
      const core = await load('@ascend/core');
      assert.ok(new m.AscendClient({ ...common, env: {} }) instanceof core.AscendClient, 'one copy of @ascend/core');
    }
  },
  '@ascend/browser': (m) => governedRefund(new m.AscendClient(common)),
  // Builds a governed function tool with the installed @openai/agents (the peer dependency).
  '@ascend/openai-agents': (m) => {
    const client = { evaluateAction: async () => ({}), waitForDecision: async () => ({}), logActionCompleted: async () => ({}), logActionFailed: async () => ({}) };
    const parameters = { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'], additionalProperties: false };
    const tool = m.governedTool(client, { name: 'refund', description: 'Refund an order', parameters, strict: true, execute: () => 'ok' });
    assert.equal(tool.type, 'function');
    assert.equal(tool.name, 'refund');
  },
};

const failures = [];
for (const name of names) {
  try {
    const m = await load(name);
    assert.ok(Object.keys(m).length > 0, name + ' has exports');
    if (EXERCISES[name]) await EXERCISES[name](m);
    const pkg = await loadJson(name + '/package.json');
    const manifest = pkg.default ?? pkg;
    assert.equal(manifest.name, name, name + '/package.json is exported');
    // Every other exported subpath (e.g. @ascend/core/internal) must load too.
    for (const subpath of Object.keys(manifest.exports ?? {})) {
      if (subpath === '.' || subpath.endsWith('.json') || subpath.includes('*')) continue;
      const sub = await load(name + subpath.slice(1));
      assert.ok(Object.keys(sub).length > 0, name + subpath.slice(1) + ' has exports');
    }
    await assert.rejects(() => load(name + '/dist/index.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }, 'deep import refused');
  } catch (error) {
    failures.push(name + ': ' + (error && error.stack ? error.stack : String(error)));
  }
}
if (names.includes('@ascend/core')) {
  try {
    await assert.rejects(() => load('@ascend/core/dist/client.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  } catch (error) {
    failures.push('@ascend/core/dist/client.js must not resolve: ' + error.message);
  }
}
server.close();
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('requests: ' + seen.join(', '));
`;

async function project(kind) {
  const dir = join(tmp, kind);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `ascend-smoke-${kind}`, private: true, type: kind === 'esm' ? 'module' : 'commonjs', dependencies: deps, overrides }, null, 2),
  );
  const install = await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: dir,
    env: { npm_config_yes: 'true', npm_config_update_notifier: 'false' },
  });
  if (!install.ok) return record(false, `${kind}: npm install of the tarballs`, noise(install.stderr || install.stdout));
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  const ours = Object.entries(lock.packages ?? {}).filter(([path]) => /node_modules\/@ascend\//.test(path));
  const strays = ours.filter(([path, entry]) => /node_modules\/.*node_modules\/@ascend\//.test(path) || !String(entry.resolved ?? '').startsWith('file:'));
  record(
    strays.length === 0 && ours.length === packed.size,
    `${kind}: npm install of ${packed.size} tarball(s), our packages resolved from the tarballs only`,
    strays.map(([path, e]) => `${path} -> ${e.resolved}`).join('\n'),
  );

  const file = kind === 'esm' ? 'smoke.mjs' : 'smoke.cjs';
  const source =
    kind === 'esm'
      ? `const load = (n) => import(n);\nconst loadJson = (n) => import(n, { with: { type: 'json' } });\n${SMOKE}`
      : `const load = async (n) => require(n);\nconst loadJson = load;\n(async () => {\n${SMOKE}\n})().catch((e) => { console.error(e); process.exit(1); });\n`;
  writeFileSync(join(dir, file), source);
  const smoke = await sh(process.execPath, [file], { cwd: dir, env: { ASCEND_SMOKE_PACKAGES: JSON.stringify([...packed.keys()]) } });
  const how = kind === 'esm' ? 'import' : 'require';
  record(
    smoke.ok,
    `${kind}: ${how}() every package, one governed action per client, deep imports refused`,
    smoke.ok ? '' : (smoke.stderr || smoke.stdout).trim(),
  );
  return dir;
}

const [esmDir] = await Promise.all([project('esm'), project('cjs')]);

// 4. bundling under the browser condition -----------------------------------------------------
if (esmDir && existsSync(join(esmDir, 'node_modules'))) {
  const esbuild = await import('esbuild');
  const bundle = (contents, outfile) =>
    esbuild
      .build({
        stdin: { contents, resolveDir: esmDir, loader: 'js' },
        bundle: true,
        platform: 'browser',
        format: 'esm',
        outfile: join(esmDir, outfile),
        logLevel: 'silent',
      })
      .then(
        () => ({ ok: true, errors: [] }),
        (error) => ({ ok: false, errors: (error.errors ?? []).map((e) => `${e.location?.file ?? ''}: ${e.text}`) }),
      );

  if (packed.has('@ascend/browser')) {
    const r = await bundle(`import { AscendClient } from '@ascend/browser';\nconsole.log(typeof AscendClient);\n`, 'browser-ok.mjs');
    record(r.ok, '@ascend/browser: bundles for platform=browser (no Node built-ins)', r.errors.join('\n'));
  }
  if (packed.has('@ascend/node')) {
    const message = '@ascend/node is for Node.js; use @ascend/browser';
    const named = await bundle(`import { AscendClient } from '@ascend/node';\nnew AscendClient();\n`, 'node-named.mjs');
    record(
      !named.ok && named.errors.some((e) => e.includes('wrong-runtime.js')),
      '@ascend/node: a named import fails the platform=browser build at wrong-runtime.js',
      named.ok ? 'the build succeeded' : named.errors.some((e) => e.includes('wrong-runtime.js')) ? '' : named.errors.join('\n'),
    );
    const ns = await bundle(`import * as ascend from '@ascend/node';\nglobalThis.ascend = ascend;\n`, 'node-namespace.mjs');
    const ran = ns.ok ? await sh(process.execPath, ['node-namespace.mjs'], { cwd: esmDir }) : { ok: true, stderr: '' };
    record(
      ns.ok && !ran.ok && ran.stderr.includes(message),
      `@ascend/node: a namespace import bundled for platform=browser throws "${message}…"`,
      ns.ok && !ran.ok && ran.stderr.includes(message) ? '' : ns.ok ? ran.stderr || 'the bundle ran without throwing' : ns.errors.join('\n'),
    );
  }
}

// summary -------------------------------------------------------------------------------------
const failed = results.filter((r) => !r.ok);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\ncheck-packages: ${results.length - failed.length}/${results.length} checks passed for ${selected.join(', ')} in ${seconds}s`);
if (keep || failed.length) console.log(`check-packages: temp files kept in ${relative(process.cwd(), tmp) || tmp}`);
else rmSync(tmp, { recursive: true, force: true });
process.exitCode = failed.length ? 1 : 0;
