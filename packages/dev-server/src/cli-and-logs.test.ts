/**
 * Command-line parsing, the startup banner, and log hygiene: structured JSON lines in which no
 * API key, signing secret, admin token or webhook secret ever appears, at any level.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from '@ascend/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliUsageError, parseCli } from './cli-args.js';
import { startDevServer } from './index.js';
import { startCli } from './test-support/cli-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ascend-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseCli', () => {
  it('maps flags to options with the documented defaults', async () => {
    expect(await parseCli([], {})).toEqual({ kind: 'run', options: { port: 4455, host: '127.0.0.1', logLevel: 'info' } });
    const policy = join(dir, 'policy.json');
    await writeFile(policy, JSON.stringify({ rules: [{ id: 'deny-all', outcome: 'deny', reason: 'freeze' }] }));
    const cmd = await parseCli(
      [
        '--port',
        '0',
        '--host',
        'localhost',
        '--api-key',
        'k1',
        '--api-key',
        'k2',
        '--signing-secret',
        's3cret',
        '--data',
        './.ascend',
        '--policy',
        policy,
        '--admin-token',
        't0k',
        '--log-level',
        'debug',
        '--webhook-attempts',
        '3',
        '--webhook-initial-delay-ms',
        '10',
        '--approval-ttl-ms',
        '5000',
      ],
      {},
    );
    expect(cmd).toEqual({
      kind: 'run',
      options: {
        port: 0,
        host: 'localhost',
        logLevel: 'debug',
        apiKeys: ['k1', 'k2'],
        signingSecret: 's3cret',
        adminToken: 't0k',
        policy: { rules: [{ id: 'deny-all', outcome: 'deny', reason: 'freeze' }] },
        dataDir: './.ascend',
        webhookRetry: { attempts: 3, initialDelayMs: 10 },
        fake: { approvalTtlMs: 5000 },
      },
      policyFile: policy,
    });
  });

  it('reads secrets from the environment when no flag gives them', async () => {
    const cmd = await parseCli([], { ASCEND_DEV_API_KEYS: 'a1, a2 ,', ASCEND_DEV_SIGNING_SECRET: 'env-secret', ASCEND_DEV_ADMIN_TOKEN: 'env-token' });
    expect(cmd).toMatchObject({ kind: 'run', options: { apiKeys: ['a1', 'a2'], signingSecret: 'env-secret', adminToken: 'env-token' } });
    expect(await parseCli(['--api-key', 'flag'], { ASCEND_DEV_API_KEYS: 'env' })).toMatchObject({ options: { apiKeys: ['flag'] } });
  });

  it('reports mistakes without echoing secrets', async () => {
    await expect(parseCli(['--port', 'eighty'], {})).rejects.toThrow(new CliUsageError('--port must be a non-negative integer; got "eighty"'));
    await expect(parseCli(['--bogus'], {})).rejects.toBeInstanceOf(CliUsageError);
    await expect(parseCli(['--log-level', 'loud'], {})).rejects.toThrow(/--log-level must be one of/);
    await expect(parseCli(['--policy', join(dir, 'missing.json')], {})).rejects.toThrow(/--policy: cannot read .*missing\.json: ENOENT/);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ rules: [{ id: 'x', outcome: 'maybe' }] }));
    await expect(parseCli(['--policy', bad], {})).rejects.toThrow(/--policy: .*bad\.json: policy\.rules\[0\]\.outcome: must be one of/);
    await writeFile(bad, '{ nope');
    await expect(parseCli(['--policy', bad], {})).rejects.toThrow(/is not valid JSON/);
    expect(await parseCli(['--help'], {})).toEqual({ kind: 'help' });
    expect(await parseCli(['-v'], {})).toEqual({ kind: 'version' });
  });
});

describe('ascend-dev banner and logs', () => {
  it('prints the URL and the documented default key, logs JSON lines, and applies --policy', async () => {
    const policy = join(dir, 'deny.json');
    await writeFile(policy, JSON.stringify({ rules: [{ id: 'freeze', outcome: 'deny', reason: 'Change freeze', violations: ['FRZ-1'] }] }));
    const p = await startCli(['--port', '0', '--policy', policy]);
    try {
      expect(p.stderr()).toContain(`URL        ${p.url}`);
      expect(p.stderr()).toContain('API key    ascend_dev_local_key');
      const res = await fetch(`${p.url}/api/v1/actions/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'ascend_dev_local_key' },
        body: JSON.stringify({ agent_id: 'a', agent_name: 'A', action_type: 'database.query', resource: 'db' }),
      });
      expect(await res.json()).toMatchObject({ decision: 'denied', reason: 'Change freeze', policy_violations: ['FRZ-1'] });
      const lines = p.stdout().trim().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
      expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toContain('dev server listening');
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  }, 30_000);

  it('the banner names the policy in force: the default rules, or the --policy file; and the retention and CORS settings', async () => {
    const plain = await startCli(['--port', '0']);
    try {
      expect(plain.stderr()).toMatch(/^ {2}Policy {5}default rules of @ascend\/testing \(\d+ rules, otherwise allow; --policy FILE to change\)$/m);
      expect(plain.stderr()).toContain('  Memory     last 10000 settled actions and every pending one (--retain-actions N)');
      expect(plain.stderr()).toContain('  CORS       off: pages on other origins cannot call the API (--cors-origin ORIGIN)');
    } finally {
      plain.child.kill('SIGTERM');
      expect(await plain.exited).toBe(0);
    }
    const policy = join(dir, 'banner-policy.json');
    await writeFile(policy, JSON.stringify({ rules: [{ id: 'freeze', outcome: 'deny' }], default: { outcome: 'require_approval' } }));
    const custom = await startCli([
      '--port',
      '0',
      '--policy',
      policy,
      '--retain-actions',
      '500',
      '--cors-origin',
      'http://localhost:5173',
      '--cors-origin',
      'http://127.0.0.1:8080',
    ]);
    try {
      expect(custom.stderr()).toContain(`  Policy     ${policy} (1 rule, otherwise require_approval)`);
      expect(custom.stderr()).toContain('  Memory     last 500 settled actions and every pending one (--retain-actions N)');
      expect(custom.stderr()).toContain('  CORS       http://localhost:5173, http://127.0.0.1:8080');
    } finally {
      custom.child.kill('SIGTERM');
      expect(await custom.exited).toBe(0);
    }
  }, 30_000);

  it('a bad --cors-origin or --retain-actions is a usage error naming the flag (exit 2)', async () => {
    for (const [args, message] of [
      [['--cors-origin', 'localhost:5173'], '--cors-origin: "localhost:5173" must use http or https'],
      [['--retain-actions', '0'], '--retain-actions must be at least 1'],
    ] as const) {
      const p = await startCli(['--port', '0', ...args]).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(p).toMatch(/exited with 2/);
      expect(p).toContain(`ascend-dev: ${message}`);
    }
  }, 30_000);

  it('never writes an API key, the signing secret, the admin token or a webhook secret to the logs', async () => {
    const secrets = ['key-one-8b1f4c2a', 'sig-secret-77aa91', 'admin-token-5d3e2f', 'plain-webhook-secret-3c9d', 'whsec_prefixed_secret_1234'];
    const records: LogRecord[] = [];
    const server = await startDevServer({
      port: 0,
      apiKeys: [secrets[0]!],
      signingSecret: secrets[1]!,
      adminToken: secrets[2]!,
      logLevel: 'debug',
      logger: { log: (r) => records.push(r) },
      webhookRetry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
    });
    try {
      const sign = async (body: string) => {
        const { createHmac } = await import('node:crypto');
        const ts = new Date().toISOString();
        return { 'x-request-timestamp': ts, 'x-signature': `v1=${createHmac('sha256', secrets[1]!).update(`${ts}.${body}`).digest('hex')}` };
      };
      const send = async (path: string, body: unknown, headers: Record<string, string> = { 'x-api-key': secrets[0]! }) => {
        const text = JSON.stringify(body);
        return fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers, ...(await sign(text)) },
          body: text,
        });
      };
      for (const secret of [secrets[3]!, secrets[4]!]) {
        await send('/api/webhooks/configure', { url: `http://127.0.0.1:9/hook?token=${secret}`, events: [], secret });
      }
      // A request that echoes secrets back in odd places: wrong key, secrets in the body.
      await send(
        '/api/v1/actions/submit',
        { agent_id: 'a', agent_name: 'A', action_type: 'x.y', resource: 'r', action_details: { note: secrets.join(' ') } },
        { 'x-api-key': `${secrets[0]}-wrong` },
      );
      const submitted = await send('/api/v1/actions/submit', {
        agent_id: 'a',
        agent_name: 'A',
        action_type: 'financial.refund',
        resource: 'stripe_api',
        action_details: { amount: 500 },
      });
      const id = ((await submitted.json()) as { action_id: number }).action_id;
      await fetch(`${server.url}/_admin/approvals/${id}/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets[2]}` },
        body: JSON.stringify({ by: 'me', comment: secrets[2] }),
      });
      await fetch(`${server.url}/_admin/summary`, { headers: { authorization: `Bearer ${secrets[2]}-wrong` } });
      await expect.poll(() => server.deliveries().filter((d) => d.status === 'failed').length, { timeout: 10_000 }).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
    const text = records.map((r) => JSON.stringify(r)).join('\n');
    expect(records.some((r) => r.level === 'debug')).toBe(true);
    expect(records.some((r) => r.message === 'webhook delivery failed')).toBe(true);
    for (const secret of secrets) expect(text).not.toContain(secret);
  }, 30_000);
});
