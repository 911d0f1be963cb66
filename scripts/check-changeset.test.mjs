// node --test scripts/ : the changeset check, as a pure function and against a real git repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { evaluateChangesets, parseChangeset, runCheck } from './check-changeset.mjs';

const packages = new Map([
  ['core', { name: '@ascend/core', private: false }],
  ['node', { name: '@ascend/node', private: false }],
  ['secret', { name: '@ascend/secret', private: true }],
]);

describe('parseChangeset', () => {
  it('reads quoted and unquoted package names with their bump', () => {
    const parsed = parseChangeset('---\n"@ascend/core": minor\n\'@ascend/node\': patch\nplain: major\n---\n\nText.\n');
    assert.deepEqual(parsed, { packages: ['@ascend/core', '@ascend/node', 'plain'], empty: false, valid: true });
  });
  it('recognises an empty changeset and a file without front matter', () => {
    assert.deepEqual(parseChangeset('---\n---\n'), { packages: [], empty: true, valid: true });
    assert.equal(parseChangeset('just text').valid, false);
  });
});

describe('evaluateChangesets', () => {
  const cs = (body) => [{ path: '.changeset/x.md', content: body }];
  it('fails when a published package source changed without a changeset', () => {
    const r = evaluateChangesets({ changedFiles: ['packages/core/src/client.ts'], changesets: [], packages });
    assert.equal(r.ok, false);
    assert.deepEqual(r.missing, ['@ascend/core']);
  });
  it('passes when the changeset names the package', () => {
    const r = evaluateChangesets({ changedFiles: ['packages/core/src/client.ts'], changesets: cs('---\n"@ascend/core": patch\n---\nfix'), packages });
    assert.equal(r.ok, true);
  });
  it('names only the packages a changeset does not cover', () => {
    const r = evaluateChangesets({
      changedFiles: ['packages/core/src/a.ts', 'packages/node/src/b.ts'],
      changesets: cs('---\n"@ascend/core": patch\n---\nfix'),
      packages,
    });
    assert.deepEqual(r.missing, ['@ascend/node']);
  });
  it('ignores tests, test support, private packages and files outside src', () => {
    const r = evaluateChangesets({
      changedFiles: [
        'packages/core/src/client.test.ts',
        'packages/core/src/x.spec.mjs',
        'packages/core/src/types.test-d.ts',
        'packages/core/src/test-support/server.ts',
        'packages/core/src/__tests__/a.ts',
        'packages/core/README.md',
        'packages/secret/src/index.ts',
        'apps/demo/src/main.ts',
      ],
      changesets: [],
      packages,
    });
    assert.equal(r.ok, true);
    assert.equal(r.changedPackages.size, 0);
  });
  it('accepts an empty changeset as an explicit "no release"', () => {
    const r = evaluateChangesets({ changedFiles: ['packages/node/src/port.ts'], changesets: cs('---\n---\n'), packages });
    assert.equal(r.ok, true);
    assert.equal(r.noRelease, true);
  });
  it('rejects a changeset without front matter', () => {
    const r = evaluateChangesets({ changedFiles: [], changesets: cs('no front matter'), packages });
    assert.equal(r.ok, false);
    assert.deepEqual(r.invalid, ['.changeset/x.md']);
  });
});

describe('runCheck in a git repository', () => {
  const root = mkdtempSync(join(tmpdir(), 'check-changeset-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  const write = (path, text) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.invalid');
  git('config', 'user.name', 'ci');
  write('packages/core/package.json', JSON.stringify({ name: '@ascend/core' }));
  write('packages/core/src/index.ts', 'export const a = 1;\n');
  write('.changeset/README.md', '# changesets\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'feature');

  const quiet = { root, base: 'main', log: () => {} };

  it('passes with no source change', () => {
    assert.equal(runCheck(quiet), 0);
  });
  it('fails for an uncommitted source change, then passes once an untracked changeset names the package', () => {
    write('packages/core/src/index.ts', 'export const a = 2;\n');
    assert.equal(runCheck(quiet), 1);
    write('.changeset/brave-fox.md', '---\n"@ascend/core": patch\n---\n\nChange a.\n');
    assert.equal(runCheck(quiet), 0);
  });
  it('still passes after both are committed', () => {
    git('add', '.');
    git('commit', '-q', '-m', 'change');
    assert.equal(runCheck(quiet), 0);
  });
  it('does not count the changesets README as a changeset', () => {
    git('rm', '-q', '.changeset/brave-fox.md');
    write('.changeset/README.md', '---\n"@ascend/core": patch\n---\n');
    assert.equal(runCheck(quiet), 1);
  });
  it('reports a missing base ref with exit code 2', () => {
    assert.equal(runCheck({ ...quiet, base: 'no-such-ref' }), 2);
  });
});
