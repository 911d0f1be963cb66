// node --test scripts/ : which README blocks the snippet check picks up.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { extractSnippets } from './check-readme-snippets.mjs';

it('extracts ts and js blocks with their line, skipping shell blocks and opted-out blocks', () => {
  const md = [
    '# Title', // 1
    '```sh', // 2
    'npm install @ascend/node', // 3
    '```', // 4
    '```ts', // 5
    'const a: number = 1;', // 6
    '```', // 7
    '```js', // 8
    '// readme: skip', // 9
    'not checked', // 10
    '```', // 11
    '```javascript title="x.mjs"', // 12
    'console.log(1);', // 13
    '```', // 14
  ].join('\n');
  assert.deepEqual(extractSnippets(md), [
    { lang: 'ts', code: 'const a: number = 1;\n', line: 6 },
    { lang: 'js', code: 'console.log(1);\n', line: 13 },
  ]);
});

it('the node and browser READMEs show a type-checked webhook receiver for each server users reach for', async () => {
  const { readFileSync } = await import('node:fs');
  const checked = (file) =>
    extractSnippets(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'))
      .map((s) => s.code)
      .join('\n');
  const node = checked('packages/node/README.md');
  const browser = checked('packages/browser/README.md');
  const receivers = {
    'node:http': [node, /from 'node:http'[\s\S]*createNodeWebhookHandler/],
    Express: [node, /from 'express'[\s\S]*createNodeWebhookHandler/],
    'Hono (node)': [node, /from 'hono'[\s\S]*createWebhookRequestHandler/],
    'Next.js (node)': [node, /route\.ts[\s\S]*export const POST/],
    'Hono (web)': [browser, /from 'hono'[\s\S]*createWebhookRequestHandler/],
    'Next.js (edge)': [browser, /route\.ts[\s\S]*export const POST/],
    'Cloudflare Worker': [browser, /interface Env[\s\S]*createWebhookRequestHandler[\s\S]*async fetch\(request: Request, env: Env\)/],
  };
  for (const [name, [text, pattern]] of Object.entries(receivers)) assert.match(text, pattern, `${name} receiver example`);
});
