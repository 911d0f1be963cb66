#!/usr/bin/env node
// Fails when a published package's source changed relative to a base ref and no new (or edited)
// changeset under .changeset/ names that package.
//
//   node scripts/check-changeset.mjs [--base <ref>]      (root script: pnpm check:changeset)
//
// The base defaults to $CHANGESET_BASE, then origin/main, then main. Changes are taken from the
// merge base with HEAD up to the working tree, untracked files included, so the check gives the
// same answer before and after committing. Test files (*.test.*, *.spec.*, *.test-d.ts,
// __tests__/, test-support/) and private packages never need a changeset. An empty changeset
// (`pnpm changeset --empty`) states on purpose that the change needs no release.
//
// Exit codes: 0 covered or nothing to cover, 1 a package lacks a changeset, 2 usage or git error.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TEST_FILE = /(\.test\.[cm]?[jt]sx?$)|(\.spec\.[cm]?[jt]sx?$)|(\.test-d\.ts$)|(^|\/)(__tests__|test-support)\//;
const PACKAGE_SOURCE = /^packages\/([^/]+)\/src\/(.+)$/;
const CHANGESET_FILE = /^\.changeset\/(?!README\.md$)[^/]+\.md$/;

/**
 * Reads the package names a changeset releases from its front matter.
 * @param {string} content - The changeset file's text.
 * @returns {{ packages: string[], empty: boolean, valid: boolean }}
 */
export function parseChangeset(content) {
  const match = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(content.replace(/^\uFEFF/, ''));
  if (!match) return { packages: [], empty: false, valid: false };
  const packages = [];
  for (const line of match[1].split(/\r?\n/)) {
    const m = /^\s*(["']?)(@?[^"':\s]+)\1\s*:\s*(major|minor|patch|none)\s*$/.exec(line);
    if (m) packages.push(m[2]);
  }
  return { packages, empty: match[1].trim() === '', valid: true };
}

/**
 * Decides whether the changed files are covered by changesets. Pure: no git, no file system.
 * @param {object} input
 * @param {string[]} input.changedFiles - Repository-relative paths changed since the base.
 * @param {{ path: string, content: string }[]} input.changesets - Changesets added or edited since the base.
 * @param {Map<string, { name: string, private: boolean }>} input.packages - Package folder name to manifest facts.
 * @returns {{ ok: boolean, changedPackages: Map<string, string[]>, missing: string[], noRelease: boolean, invalid: string[] }}
 */
export function evaluateChangesets({ changedFiles, changesets, packages }) {
  const changedPackages = new Map();
  for (const file of changedFiles) {
    const m = PACKAGE_SOURCE.exec(file);
    if (!m || TEST_FILE.test(m[2])) continue;
    const pkg = packages.get(m[1]);
    if (!pkg || pkg.private) continue;
    const list = changedPackages.get(pkg.name) ?? [];
    list.push(file);
    changedPackages.set(pkg.name, list);
  }
  const covered = new Set();
  const invalid = [];
  let noRelease = false;
  for (const changeset of changesets) {
    const parsed = parseChangeset(changeset.content);
    if (!parsed.valid) invalid.push(changeset.path);
    if (parsed.empty) noRelease = true;
    for (const name of parsed.packages) covered.add(name);
  }
  const missing = noRelease ? [] : [...changedPackages.keys()].filter((name) => !covered.has(name)).sort();
  return { ok: missing.length === 0 && invalid.length === 0, changedPackages, missing, noRelease, invalid };
}

function git(cwd, args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function refExists(cwd, ref) {
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

function lines(text) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

function readPackages(root) {
  const packages = new Map();
  const dir = join(root, 'packages');
  if (!existsSync(dir)) return packages;
  for (const name of git(root, ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'packages/*/package.json']).split('\n')) {
    const m = /^packages\/([^/]+)\/package\.json$/.exec(name.trim());
    if (!m || !existsSync(join(root, name.trim()))) continue;
    const manifest = JSON.parse(readFileSync(join(root, name.trim()), 'utf8'));
    packages.set(m[1], { name: manifest.name ?? m[1], private: manifest.private === true });
  }
  return packages;
}

/**
 * Runs the check in a git work tree and prints the outcome.
 * @param {{ root: string, base?: string, log?: (line: string) => void }} options
 * @returns {number} The exit code.
 */
export function runCheck({ root, base, log = console.log }) {
  const candidates = base ? [base] : [process.env.CHANGESET_BASE, 'origin/main', 'main'].filter(Boolean);
  const baseRef = candidates.find((ref) => refExists(root, ref));
  if (!baseRef) {
    log(`check-changeset: base ref not found (tried ${candidates.join(', ')}); pass --base <ref>`);
    return 2;
  }
  let from;
  try {
    from = git(root, ['merge-base', baseRef, 'HEAD']);
  } catch {
    from = git(root, ['rev-parse', baseRef]);
  }
  const untracked = lines(git(root, ['ls-files', '--others', '--exclude-standard']));
  const changedFiles = [...new Set([...lines(git(root, ['diff', '--name-only', from])), ...untracked])];
  const touchedChangesets = [
    ...lines(git(root, ['diff', '--name-only', '--diff-filter=AMR', from, '--', '.changeset'])),
    ...untracked.filter((f) => f.startsWith('.changeset/')),
  ].filter((f) => CHANGESET_FILE.test(f) && existsSync(join(root, f)));
  const changesets = [...new Set(touchedChangesets)].map((path) => ({ path, content: readFileSync(join(root, path), 'utf8') }));
  const result = evaluateChangesets({ changedFiles, changesets, packages: readPackages(root) });

  log(`check-changeset: comparing with ${baseRef} (${from.slice(0, 12)})`);
  for (const [name, files] of result.changedPackages) log(`  ${name}: ${files.length} source file(s) changed`);
  for (const c of changesets) log(`  changeset ${c.path}: ${parseChangeset(c.content).packages.join(', ') || '(empty: no release)'}`);
  for (const path of result.invalid) log(`  ${path} has no front matter (--- "@scope/name": patch ---)`);
  if (result.changedPackages.size === 0) log('check-changeset: no published package source changed; nothing to cover');
  else if (result.ok)
    log(result.noRelease ? 'check-changeset: ok (an empty changeset marks this as no release)' : 'check-changeset: ok, every changed package has a changeset');
  if (result.missing.length > 0) {
    log(`check-changeset: missing a changeset for ${result.missing.join(', ')}`);
    log('  run `pnpm changeset`, pick those packages and describe the change for their users');
    log('  (or `pnpm changeset --empty` when the change needs no release)');
  }
  return result.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: node scripts/check-changeset.mjs [--base <ref>]');
    process.exit(0);
  }
  const i = args.indexOf('--base');
  if (i >= 0 && !args[i + 1]) {
    console.error('check-changeset: --base needs a ref');
    process.exit(2);
  }
  let root;
  try {
    root = git(process.cwd(), ['rev-parse', '--show-toplevel']);
  } catch {
    console.error('check-changeset: not inside a git work tree');
    process.exit(2);
  }
  process.exitCode = runCheck({ root, ...(i >= 0 ? { base: args[i + 1] } : {}) });
}
