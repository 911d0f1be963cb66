/**
 * The vendor's Quick Start as users run it: `node scripts/quickstart.mjs` in a child process,
 * importing `@ascend/node/compat` from the installed package, against `ascend-dev` over real HTTP.
 * The dev server accepts the vendor's placeholder key, so the script keeps it verbatim.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { silentLogger } from '@ascend/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../scripts/quickstart.mjs', import.meta.url));
let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({ port: 0, host: '127.0.0.1', apiKeys: ['owkai_your_api_key'], logger: silentLogger });
});
afterAll(() => server?.close());

describe('Quick Start as a plain node process against ascend-dev', () => {
  it('registers, is allowed, runs and reports completion with its duration', async () => {
    const { stdout } = await run(process.execPath, [SCRIPT], {
      env: { PATH: process.env['PATH'] ?? '', ASCEND_API_URL: server.url },
      timeout: 60_000,
    });
    const match = /^completed (\d+) rows=3$/m.exec(stdout);
    expect(match, stdout).not.toBeNull();
    expect(server.fake.getAgent('agent-001')?.capabilities).toEqual(['data_access', 'file_operations']);
    const action = server.fake.getAction(Number(match![1]));
    expect(action).toMatchObject({
      actionType: 'database.query',
      actionDetails: { query: 'SELECT * FROM users WHERE active = true' },
      execution: { state: 'completed', durationMs: 150, result: { success: true, data: { rowsReturned: 3 } } },
    });
  });
});
