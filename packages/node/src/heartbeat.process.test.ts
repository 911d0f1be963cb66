/**
 * `startHeartbeat` where users run it: a plain `node agent.mjs` (ESM, the built package, nothing
 * else alive) starts the schedule, finishes its awaited work and exits by itself without
 * close(), while the heartbeats did reach the service.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReportServer, type ReportServer } from './test-support/report-server.js';

const AGENT = fileURLToPath(new URL('../fixtures/heartbeat/agent.mjs', import.meta.url));
// Guards against a hang only: a process kept alive by the heartbeat is the failure looked for.
const HANG_GUARD_MS = 60_000;

let server: ReportServer;
beforeEach(async () => {
  server = await startReportServer();
});
afterEach(async () => {
  await server.close();
});

describe('startHeartbeat in a real process', () => {
  it('sends heartbeats while the agent works, and never keeps the process alive', { timeout: 2 * HANG_GUARD_MS }, async () => {
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }>((resolve) => {
      const child = execFile(
        process.execPath,
        [AGENT, server.url],
        { timeout: HANG_GUARD_MS, env: { PATH: process.env['PATH'] ?? '' } },
        (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr, killed: child.killed });
        },
      );
    });
    expect({ code: run.code, killed: run.killed, stderr: run.stderr }).toEqual({ code: 0, killed: false, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ worked: true });
    const heartbeats = server.seen.filter((r) => r.method === 'POST' && r.path.includes('heartbeat'));
    // The first at once, then one every 100 ms during the 350 ms of work.
    expect(heartbeats.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(heartbeats[0]!.body.toString('utf8'))).toMatchObject({ agent_id: 'heartbeat-agent' });
  });
});
