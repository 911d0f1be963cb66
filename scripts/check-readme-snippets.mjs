#!/usr/bin/env node
// Type-checks the TypeScript and JavaScript code blocks of the READMEs against the built packages,
// so the examples users copy stay correct as the API moves (root script: pnpm check:readmes).
//
// Every ```ts / ```js block of the READMEs listed in READMES becomes its own ES module in a
// temp project whose node_modules links each built workspace package by name; tsc then checks
// them all in strict mode (checkJs for .js blocks). A block that starts with `// readme: skip`
// is not checked (for shell-like pseudo code or runtime-specific globals).
// Exit code 0 when every block compiles, 1 otherwise, 2 when packages are not built.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** READMEs whose examples are checked; add a package's README here once its examples should hold. */
export const READMES = [
  'README.md',
  'packages/core/README.md',
  'packages/node/README.md',
  'packages/browser/README.md',
  'packages/testing/README.md',
  'packages/mcp/README.md',
  'packages/dev-server/README.md',
  'packages/ky/README.md',
  'packages/aws-sdk/README.md',
  'packages/governance/README.md',
  'packages/ai-sdk/README.md',
  'packages/openai-agents/README.md',
  'packages/langchain/README.md',
  'packages/opentelemetry/README.md',
];
const FENCE = /^```(ts|typescript|js|javascript)(?:[ \t][^\n]*)?\n([\s\S]*?)^```/gm;

/**
 * Extracts checkable code blocks from Markdown.
 * @param {string} markdown
 * @returns {{ lang: 'ts' | 'js', code: string, line: number }[]}
 */
export function extractSnippets(markdown) {
  const out = [];
  for (const m of markdown.matchAll(FENCE)) {
    const code = m[2];
    if (/^\s*\/\/ readme: skip/.test(code)) continue;
    const line = markdown.slice(0, m.index).split('\n').length + 1;
    out.push({ lang: m[1].startsWith('t') ? 'ts' : 'js', code, line });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readmes = READMES.filter((f) => existsSync(join(ROOT, f)));
  const tmp = mkdtempSync(join(tmpdir(), 'ascend-readme-snippets-'));
  const scope = join(tmp, 'node_modules', '@ascend');
  mkdirSync(scope, { recursive: true });
  for (const dir of readdirSync(join(ROOT, 'packages'))) {
    const manifest = join(ROOT, 'packages', dir, 'package.json');
    if (!existsSync(manifest) || !existsSync(join(ROOT, 'packages', dir, 'dist'))) continue;
    const name = JSON.parse(readFileSync(manifest, 'utf8')).name;
    if (name?.startsWith('@ascend/')) symlinkSync(join(ROOT, 'packages', dir), join(scope, name.slice('@ascend/'.length)), 'dir');
  }
  // Third-party modules the READMEs import, linked from the workspace package that depends on
  // them (the webhook receivers' frameworks come from the webhook-server example).
  const THIRD_PARTY = {
    'packages/mcp': ['@modelcontextprotocol/sdk', '@modelcontextprotocol/server', '@modelcontextprotocol/client', '@modelcontextprotocol/node', 'zod'],
    'packages/testing': ['vitest', 'msw'],
    'packages/dev-server': ['hono', '@hono/node-server'],
    'packages/ky': ['ky'],
    'packages/aws-sdk': ['@aws-sdk/client-s3'],
    'packages/ai-sdk': ['ai', 'zod'],
    'packages/openai-agents': ['@openai/agents', 'zod'],
    'packages/langchain': ['langchain', '@langchain/core', '@langchain/langgraph', 'zod'],
    'examples/webhook-server': ['express', '@types/express'],
    'packages/opentelemetry': ['@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/sdk-metrics', '@opentelemetry/context-async-hooks'],
  };
  for (const [dir, modules] of Object.entries(THIRD_PARTY)) {
    for (const mod of modules) {
      const source = join(ROOT, dir, 'node_modules', mod);
      const target = join(tmp, 'node_modules', mod);
      if (!existsSync(source) || existsSync(target)) continue;
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(realpathSync(source), target, 'dir');
    }
  }
  if (!existsSync(join(scope, 'core'))) {
    console.error('check-readme-snippets: build the packages first (pnpm build)');
    process.exit(2);
  }
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'readme-snippets', private: true, type: 'module' }));
  const files = [];
  const origin = new Map();
  for (const readme of readmes) {
    extractSnippets(readFileSync(join(ROOT, readme), 'utf8')).forEach((s, i) => {
      const file = `${readme.replace(/[/.]/g, '_')}_${i + 1}.${s.lang === 'ts' ? 'mts' : 'mjs'}`;
      // `export {}` keeps every snippet a module, so top-level await and local names are fine.
      writeFileSync(join(tmp, file), `${s.code}\nexport {};\n`);
      files.push(file);
      origin.set(file, `${readme}:${s.line}`);
    });
  }
  writeFileSync(
    join(tmp, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'ESNext.Disposable', 'DOM', 'DOM.Iterable'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        allowJs: true,
        checkJs: true,
        skipLibCheck: true,
        preserveSymlinks: false,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files,
    }),
  );
  let failed = false;
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(tmp, 'tsconfig.json'), '--pretty', 'false'], {
      cwd: tmp,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    failed = true;
    const text = String(error.stdout ?? '') + String(error.stderr ?? '');
    for (const line of text.split('\n').filter(Boolean)) {
      const m = /^([^(]+)\((\d+),(\d+)\): (.*)$/.exec(line);
      console.log(m && origin.has(m[1]) ? `${origin.get(m[1])} (block line ${m[2]}): ${m[4]}` : line);
    }
  }
  console.log(`check-readme-snippets: ${files.length} block(s) from ${readmes.length} README(s) ${failed ? 'FAILED to type-check' : 'type-check'}`);
  if (failed) console.log(`check-readme-snippets: temp project kept in ${relative(process.cwd(), tmp) || tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
  process.exitCode = failed ? 1 : 0;
}
