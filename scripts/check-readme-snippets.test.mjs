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
