// node --test scripts/ : the published type declarations of every package compile in a consumer
// project with default `tsc` strictness on module settings: no `esModuleInterop`, no
// `allowSyntheticDefaultImports`, no `skipLibCheck` (so our .d.ts files, and what they pull in,
// are checked), `strict`, and node16 / nodenext module resolution. A default import of a Node
// built-in in a .d.ts, for example, is TS1192 there.
//
// The consumer links the built packages (run `pnpm build` first) by name, imports every subpath of
// every package's `exports` map, and uses a few types across them. Three projects: ESM under
// node16, ESM under nodenext, and CommonJS under nodenext (TypeScript >= 5.8 types `require()` of
// an ES module there, as Node >= 20.19 runs it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Every built @ascend package under packages/, with the subpaths its exports map offers. */
function packages() {
  const out = [];
  for (const dir of readdirSync(join(ROOT, 'packages'))) {
    const manifestPath = join(ROOT, 'packages', dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private || !manifest.name?.startsWith('@ascend/')) continue;
    const subpaths = Object.keys(manifest.exports ?? { '.': null }).filter((p) => !p.endsWith('.json'));
    out.push({ dir, name: manifest.name, built: existsSync(join(ROOT, 'packages', dir, 'dist')), specifiers: subpaths.map((p) => manifest.name + p.slice(1)) });
  }
  return out;
}

// Uses types across packages, so that a declaration which only breaks in use is caught too.
const USAGE = `
const client = new node.AscendClient({ apiKey: 'k', agentId: 'a', env: {}, reportSpool: { store: new node.FileSpoolStore({ directory: '/tmp/spool' }) } });
const lean = new browser.AscendAgentClient({ apiKey: 'k', agentId: 'a', baseUrl: 'https://ascend.test' });
const mock = new testing.MockAscendClient();
const clients: core.AscendClientLike[] = [client, lean, mock];
export const send = node.nodeHttpSend({});
export const handler: (request: Request) => Promise<Response> = core.createWebhookRequestHandler({ secrets: 's', signer: browser.webCryptoSigner, onEvent: () => {} });
export const causes: Array<core.UnavailableCauseKind | undefined> = clients.map((c) => core.unavailableCause(c)?.kind);
`;

let tmp;
const all = packages();

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ascend-strict-consumer-'));
  const scope = join(tmp, 'node_modules', '@ascend');
  mkdirSync(scope, { recursive: true });
  for (const p of all) symlinkSync(join(ROOT, 'packages', p.dir), join(scope, p.name.slice('@ascend/'.length)), 'dir');
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * Compiles one consumer project; resolves to the compiler's diagnostics about our declarations
 * and the consumer itself. Diagnostics inside third-party packages (e.g. zod's CommonJS
 * declarations, which need allowSyntheticDefaultImports) are theirs, reported by the same tsc
 * for any project that uses them with these settings, and are left out.
 */
async function project(name, { type, module, file, source }) {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, ...(type ? { type } : {}) }));
  writeFileSync(join(dir, file), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module,
        moduleResolution: module,
        strict: true,
        noEmit: true,
        esModuleInterop: false,
        allowSyntheticDefaultImports: false,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files: [file],
    }),
  );
  let output = '';
  try {
    await promisify(execFile)(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
      cwd: dir,
      timeout: 240_000,
      maxBuffer: 64 << 20,
    });
  } catch (error) {
    output = String(error.stdout ?? '') + String(error.stderr ?? '') || String(error);
  }
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  const ours = lines.filter((line) => !/^\S*node_modules\/\.pnpm\/(?!@ascend)/.test(line) && !/^\s/.test(line));
  return { ours: ours.join('\n'), all: lines.length };
}

const alias = (specifier) => `pkg_${specifier.replace('@ascend/', '').replace(/[^a-z0-9]/gi, '_')}`;

it('every published package is built', () => {
  assert.deepEqual(
    all.filter((p) => !p.built).map((p) => p.name),
    [],
    'run `pnpm build` first',
  );
  assert.ok(all.length >= 7, `found ${all.map((p) => p.name).join(', ')}`);
});

// `langchain`'s own declarations import @langchain/core/testing, which augments vitest's
// `Assertion` with type parameters of its own; in one program with vitest (and so with
// @ascend/testing/vitest) that is TS2428 in every declaration of `Assertion`. A project uses one
// or the other, so @ascend/langchain compiles in projects of its own.
const SEPARATE = new Set(['@ascend/langchain']);
const specifiers = all.filter((p) => !SEPARATE.has(p.name)).flatMap((p) => p.specifiers);
const separate = all.filter((p) => SEPARATE.has(p.name)).flatMap((p) => p.specifiers);
const esmSeparate = `${separate.map((s) => `import * as ${alias(s)} from '${s}';`).join('\n')}
export const loaded = [${separate.map(alias).join(', ')}];
`;
const cjsSeparate = `${separate.map((s) => `import ${alias(s)} = require('${s}');`).join('\n')}
export const loaded = [${separate.map(alias).join(', ')}];
`;
const esmSource = `${specifiers.map((s) => `import * as ${alias(s)} from '${s}';`).join('\n')}
import core = ${alias('@ascend/core')};
import node = ${alias('@ascend/node')};
import browser = ${alias('@ascend/browser')};
import testing = ${alias('@ascend/testing')};
export const loaded = [${specifiers.map(alias).join(', ')}];
${USAGE}`;

const cjsSource = `${specifiers.map((s) => `import ${alias(s)} = require('${s}');`).join('\n')}
import core = ${alias('@ascend/core')};
import node = ${alias('@ascend/node')};
import browser = ${alias('@ascend/browser')};
import testing = ${alias('@ascend/testing')};
export const loaded = [${specifiers.map(alias).join(', ')}];
${USAGE}`;

// Both projects compile at once: most of the time goes to checking third-party declarations.
let results;
const compiled = () =>
  (results ??= Promise.all([
    project('esm-node16', { type: 'module', module: 'node16', file: 'consumer.ts', source: esmSource }),
    project('cjs-nodenext', { module: 'nodenext', file: 'consumer.cts', source: cjsSource }),
    project('esm-node16-separate', { type: 'module', module: 'node16', file: 'consumer.ts', source: esmSeparate }),
    project('cjs-nodenext-separate', { module: 'nodenext', file: 'consumer.cts', source: cjsSeparate }),
  ]));

it('an ESM consumer (module node16) compiles against every package and subpath', async () => {
  const [main, , separately] = await compiled();
  assert.equal(main.ours, '');
  assert.equal(separately.ours, '');
});

it('a CommonJS consumer (module nodenext, require of ESM) compiles against every package and subpath', async () => {
  const [, main, , separately] = await compiled();
  assert.equal(main.ours, '');
  assert.equal(separately.ours, '');
});
