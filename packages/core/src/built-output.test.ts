/**
 * Core's BUILT output stays runtime-agnostic (architecture property 6): no Node built-in
 * imports, no `require(`, no `process.`, `Buffer`, `window.` or `document.` anywhere in
 * packages/core/dist/**\/*.js. Comments are stripped first (a TSDoc sentence may say "process");
 * string literals are kept, so even a message naming one of these fails the scan.
 *
 * Needs a build first (`pnpm --filter @ascend/core build`; the root `pnpm test` builds).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(packageRoot, 'dist');
const src = join(packageRoot, 'src');

function walk(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path, keep);
    return keep(path) ? [path] : [];
  });
}

/** The code of a JS file reprinted from its syntax tree without comments (strings and template text kept). */
function withoutComments(code: string): string {
  const sf = ts.createSourceFile('file.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  return ts.createPrinter({ removeComments: true }).printFile(sf);
}

const FORBIDDEN: ReadonlyArray<readonly [string, RegExp]> = [
  ['a node: import', /["']node:[a-z_/]+["']/],
  ['require(', /\brequire\s*\(/],
  ['process.', /\bprocess\s*\./],
  ['Buffer', /\bBuffer\b/],
  ['window.', /\bwindow\s*\./],
  ['document.', /\bdocument\s*\./],
  ['__dirname', /\b__dirname\b/],
];

const bareBuiltins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** Module specifiers of static imports/exports and dynamic imports, from the AST. */
function specifiers(file: string, code: string): string[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe("core's built output is runtime-agnostic", () => {
  it('exists and covers every source module (build before testing)', () => {
    expect(existsSync(dist), 'packages/core/dist is missing: run `pnpm --filter @ascend/core build` first').toBe(true);
    const sources = walk(src, (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && !relative(src, f).startsWith('test-support'));
    const missing = sources.map((f) => relative(src, f).replace(/\.ts$/, '.js')).filter((js) => !existsSync(join(dist, js)));
    expect(missing, 'stale build: rebuild core').toEqual([]);
  });

  const files = existsSync(dist) ? walk(dist, (f) => f.endsWith('.js')) : [];

  it('has files to scan', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(dist, f), f] as const))('%s has no Node or DOM leaks', (_name, file) => {
    const code = readFileSync(file, 'utf8');
    const stripped = withoutComments(code);
    const hits = FORBIDDEN.filter(([, re]) => re.test(stripped)).map(([label]) => label);
    expect(hits).toEqual([]);
    const imports = specifiers(file, code);
    expect(imports.filter((s) => s.startsWith('node:') || bareBuiltins.has(s) || bareBuiltins.has(s.split('/')[0]!))).toEqual([]);
    // Relative imports keep their .js suffix (ESM).
    expect(imports.filter((s) => s.startsWith('.') && !s.endsWith('.js'))).toEqual([]);
  });
});

describe('the scanner itself', () => {
  it('ignores comments but catches code and strings', () => {
    const sample = [
      '// process.env is never read here; Buffer neither',
      '/* window.location, document.title, require("x") */',
      'const re = /process\\./g; const ok = "fine";',
      'export const bad = globalThis.process.env;',
    ].join('\n');
    const stripped = withoutComments(sample);
    expect(stripped).not.toContain('never read here');
    expect(stripped).not.toContain('window.location');
    expect(FORBIDDEN.filter(([, re]) => re.test(stripped)).map(([l]) => l)).toEqual(['process.']);
    expect(FORBIDDEN.filter(([, re]) => re.test(withoutComments('const b = Buffer.from("x")'))).map(([l]) => l)).toEqual(['Buffer']);
    expect(specifiers('x.js', 'import a from "node:fs"; export * from "crypto"; await import("./y.js");')).toEqual(['node:fs', 'crypto', './y.js']);
  });
});
