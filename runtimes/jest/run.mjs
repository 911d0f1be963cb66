#!/usr/bin/env node
// Jest users can test governed agents: the suites under projects/ run against what users
// install, configured only as packages/testing/README.md ("Jest") says.
//
//   1. `pnpm pack` @ascend/core, @ascend/node and @ascend/testing (built beforehand);
//   2. npm-install the tarballs, Jest 30, ts-jest 29 and TypeScript into one temp dir, and copy
//      the projects next to them;
//   3. run each suite with `jest --json` and require every test to pass:
//      - nest-cjs: the jest block and tsconfig NestJS scaffolds (ts-jest, CommonJS) plus the
//        README's two settings (transformIgnorePatterns, allowJs), on Node 20 and on Node 24;
//      - nest-cjs on Node 24 without those settings, under --experimental-vm-modules (Jest's
//        require(esm), Node >= 24.9), the README's alternative;
//      - esm: ts-jest with useESM under --experimental-vm-modules, on Node 20 and on Node 24.
//
// Node 24 is the `node` npm package held by runtimes/node. Options: --keep (keep the temp dir).
// Exit code 0 when every run passed, 1 otherwise; one line per run.
import { execFile } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const PACKAGES = ['core', 'node', 'testing'];
const NODE24 = join(ROOT, 'runtimes', 'node', 'node_modules', 'node24', 'bin', 'node');
const keep = process.argv.includes('--keep');
const run = promisify(execFile);
const started = Date.now();

async function sh(cmd, args, options = {}) {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 64 << 20, timeout: 180_000, ...options, env: { ...process.env, ...options.env } });
    return { ok: true, stdout, stderr };
  } catch (error) {
    return { ok: false, stdout: String(error.stdout ?? ''), stderr: String(error.stderr ?? error.message) };
  }
}

function fail(message) {
  console.error(`runtime-jest: ${message}`);
  process.exit(1);
}

// 0. The projects are configured as the README says: every setting in the README's JSON blocks
// (section "Jest": the CommonJS block, then the ESM block) is in the project's package.json with
// the same value, and the CommonJS tsconfig has `allowJs`.
const readme = readFileSync(join(ROOT, 'packages', 'testing', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## Jest\n'), readme.indexOf('\n## ', readme.indexOf('\n## Jest\n') + 1));
const blocks = [...section.matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => JSON.parse(m[1]));
if (blocks.length !== 2) fail(`expected the README's Jest section to have 2 JSON blocks, found ${blocks.length}`);
const drift = [];
const compare = (expected, actual, path) => {
  for (const [key, value] of Object.entries(expected)) {
    const here = `${path}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && key !== 'transform' && key !== 'moduleNameMapper')
      compare(value, actual?.[key], here);
    else if (!isDeepStrictEqual(value, actual?.[key])) drift.push(`${here}: README ${JSON.stringify(value)}, project ${JSON.stringify(actual?.[key])}`);
  }
};
const projectManifest = (name) => JSON.parse(readFileSync(join(HERE, 'projects', name, 'package.json'), 'utf8'));
compare(blocks[0], projectManifest('nest-cjs'), 'nest-cjs/package.json');
compare(blocks[1], projectManifest('esm'), 'esm/package.json');
if (JSON.parse(readFileSync(join(HERE, 'projects', 'nest-cjs', 'tsconfig.json'), 'utf8')).compilerOptions?.allowJs !== true)
  drift.push('nest-cjs/tsconfig.json: allowJs is not true');
if (drift.length) fail(`the projects differ from packages/testing/README.md:\n${drift.join('\n')}`);
console.log('ok   the Jest projects are configured exactly as the testing README says');

for (const dir of PACKAGES) if (!existsSync(join(ROOT, 'packages', dir, 'dist'))) fail(`packages/${dir}/dist is missing; run \`pnpm build\` first`);
if (!existsSync(NODE24)) fail(`Node 24 not found at ${NODE24}; run \`pnpm install\` (runtimes/node holds it)`);

const tmp = mkdtempSync(join(tmpdir(), 'ascend-jest-'));
const tarballs = join(tmp, 'tarballs');
mkdirSync(tarballs);

// 1. pack
const deps = {};
for (const dir of PACKAGES) {
  const packed = await sh('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(ROOT, 'packages', dir) });
  if (!packed.ok) fail(`pnpm pack of packages/${dir} failed:\n${packed.stderr}`);
}
for (const file of readdirSync(tarballs)) {
  const name = `@ascend/${/^ascend-(.+)-\d+\.\d+\.\d+.*\.tgz$/.exec(file)?.[1]}`;
  deps[name] = `file:${join(tarballs, file)}`;
}

// 2. install
writeFileSync(
  join(tmp, 'package.json'),
  JSON.stringify(
    {
      name: 'ascend-jest-suites',
      private: true,
      dependencies: deps,
      // Every @ascend/* dependency of a tarball resolves to the tarball, never the registry.
      overrides: Object.fromEntries(Object.keys(deps).map((name) => [name, `$${name}`])),
      devDependencies: { jest: '^30.0.0', 'ts-jest': '^29.4.0', '@types/jest': '^30.0.0', typescript: '~5.9.3', '@types/node': '^20.19.0' },
    },
    null,
    2,
  ),
);
const install = await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
  cwd: tmp,
  env: { npm_config_update_notifier: 'false' },
});
if (!install.ok) fail(`npm install failed:\n${install.stderr}`);
for (const project of ['nest-cjs', 'esm']) cpSync(join(HERE, 'projects', project), join(tmp, project), { recursive: true });

// 3. run
const VM_MODULES = { NODE_OPTIONS: '--experimental-vm-modules' };
const RUNS = [
  { label: 'NestJS-shaped CommonJS (ts-jest), Node 20', project: 'nest-cjs', node: process.execPath },
  { label: 'NestJS-shaped CommonJS (ts-jest), Node 24', project: 'nest-cjs', node: NODE24 },
  {
    label: 'NestJS-shaped CommonJS, no transform of our ESM, Node 24 require(esm) with --experimental-vm-modules',
    project: 'nest-cjs',
    node: NODE24,
    env: VM_MODULES,
    args: ['--transformIgnorePatterns', '/node_modules/'],
  },
  { label: 'ESM (ts-jest useESM, --experimental-vm-modules), Node 20', project: 'esm', node: process.execPath, env: VM_MODULES },
  { label: 'ESM (ts-jest useESM, --experimental-vm-modules), Node 24', project: 'esm', node: NODE24, env: VM_MODULES },
];
const jest = join(tmp, 'node_modules', 'jest', 'bin', 'jest.js');
let failed = 0;
for (const r of RUNS) {
  const version = (await sh(r.node, ['--version'])).stdout.trim();
  const out = await sh(r.node, [jest, '--ci', '--json', '--cacheDirectory', join(tmp, 'jest-cache'), ...(r.args ?? [])], {
    cwd: join(tmp, r.project),
    env: r.env ?? {},
  });
  let report;
  try {
    report = JSON.parse(out.stdout);
  } catch {
    report = undefined;
  }
  const ok = out.ok && report?.success === true && report.numFailedTests === 0 && report.numPassedTests > 0 && report.numTotalTests === report.numPassedTests;
  if (!ok) failed++;
  const counts = report ? `${report.numPassedTests}/${report.numTotalTests} tests` : 'no report';
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${r.label} (${version}): ${counts}`);
  if (!ok) console.log(out.stderr.replace(/^/gm, '     '));
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`runtime-jest: ${RUNS.length - failed}/${RUNS.length} Jest runs passed in ${seconds}s`);
if (keep || failed) console.log(`runtime-jest: temp files kept in ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
