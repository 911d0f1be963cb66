import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
const contents = process.argv[2] ?? `import { AscendAgentClient } from '@ascend/browser';
const client = new AscendAgentClient({ apiKey: 'k', agentId: 'a' });
export const decision = client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api' });`;
for (const minify of [true, false]) {
const r = await esbuild.build({ stdin: { contents, resolveDir: process.cwd(), loader: 'js' }, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify, treeShaking: true, write: false, legalComments: 'none', logLevel: 'silent' });
const code = r.outputFiles[0].contents;
writeFileSync(minify ? '/tmp/lean.min.js' : '/tmp/lean.js', code);
if (minify) console.log('raw', code.length, 'gzip', gzipSync(code, { level: 9 }).length);
}
