/**
 * The way users run it: a plain `node script.mjs` with nothing else alive, against the dev
 * server over real HTTP. The command is held for a human; the process must stay alive through
 * the wait, send the command once approved, and end by itself.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('../test-fixtures/delete-with-approval.mjs', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ port: 0, host: '127.0.0.1', logLevel: 'error' });
});
afterAll(async () => {
  await server?.close();
});

function runScript(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture], {
      cwd: packageDir,
      env: { PATH: process.env['PATH'] ?? '', ASCEND_API_URL: server.url, ASCEND_API_KEY: server.apiKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Only a hang is caught here; the bound is generous.
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a governed S3 client in a plain node process', () => {
  it('waits for the human, sends the delete once approved, and exits by itself', async () => {
    const stop = server.fake.on('approval.pending', (approval) => {
      setTimeout(() => server.fake.approve(approval.actionId, { by: 'ops@example.com', comment: 'ticket CHG-7' }), 500);
    });
    try {
      const { code, stdout, stderr } = await runScript();
      // stderr may carry the AWS SDK's Node-version notice; it is shown when the exit code is wrong.
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(stdout.trim())).toEqual({ status: 204, sent: 1 });
      const action = server.fake.listActions().find((a) => a.actionType === 'aws.s3.DeleteObject');
      expect(action?.status).toBe('approved');
      expect(action?.reviewedBy).toBe('ops@example.com');
      expect(action?.execution).not.toBeNull();
    } finally {
      stop();
    }
  }, 90_000);

  it('a rejected delete is never sent, and the process still exits by itself', async () => {
    const stop = server.fake.on('approval.pending', (approval) => {
      setTimeout(() => server.fake.reject(approval.actionId, { by: 'ops@example.com', reason: 'no change ticket' }), 300);
    });
    try {
      const { code, stdout } = await runScript();
      expect(code).toBe(1);
      expect(JSON.parse(stdout.trim())).toEqual({ error: 'ActionDeniedError', sent: 0 });
    } finally {
      stop();
    }
  }, 90_000);
});
