// Runs the official ASCEND Python client against an embedded `ascend-dev` (signing on) and checks
// every outcome (drive.py). Not part of `pnpm test`: the client's source is not in this
// repository and CI cannot download it. Usage, with Python 3 and `requests` installed:
//   node runtimes/python-client/run.mjs <checkout of ascend-sdk-python at v2.5.1>
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@ascend/core';
import { startDevServer } from '@ascend/dev-server';

const source = process.argv[2] ?? process.env.ASCEND_PYTHON_SDK_DIR;
if (!source) {
  console.error('usage: node runtimes/python-client/run.mjs <ascend-sdk-python checkout> (the directory holding ascend/)');
  process.exit(2);
}
const server = await startDevServer({
  port: 0,
  logger: silentLogger,
  signingSecret: 'python-secret',
  fake: { organizationId: 3, models: { 'gpt-4-production': 'approved', 'legacy-model': 'rejected' } },
});
const script = join(dirname(fileURLToPath(import.meta.url)), 'drive.py');
const code = await new Promise((done) => {
  const child = execFile('python3', [script, server.url, resolve(source)], { timeout: 120_000 }, (error) => done(error ? (error.code ?? 1) : 0));
  child.stdout.pipe(process.stdout);
});
await server.close();
process.exitCode = typeof code === 'number' ? code : 1;
