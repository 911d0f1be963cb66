/** Request signatures (reference §2.3) and API-key authentication. */
import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { call, ManualClock, setupFakeServer } from '../test-support/harness.js';
import { canonicalizeJson, computeRequestSignature, createWebCryptoSigner, DEFAULT_API_KEY, type FakeAscend } from '../index.js';

const SECRET = 'test-secret';
const TIMESTAMP = '2026-04-17T12:00:00.123456+00:00';
const SENT =
  '{"agent_id": "agent-001", "agent_name": "Refund Bot", "action_type": "financial.refund", "resource": "stripe_api", "action_details": {"amount": 100, "currency": "EUR", "note": "caf\\u00e9"}}';
const CANONICAL =
  '{"action_details": {"amount": 100, "currency": "EUR", "note": "caf\\u00e9"}, "action_type": "financial.refund", "agent_id": "agent-001", "agent_name": "Refund Bot", "resource": "stripe_api"}';
const PYTHON_SIGNATURE = 'v1=44273c843e56382c35873eb89d0422919d8edf69faebe8e4fd33d150e9d660c6';
const RAW_SIGNATURE = 'v1=1d08c74b704f4d7e8be9ca442bdb01eedbb43b8778baca153ae57ab0193f5933';

const server = setupFakeServer();
const signer = createWebCryptoSigner();

describe('the reference test vector', () => {
  it('canonicalizes the sent body to the signed body', () => {
    expect(canonicalizeJson(SENT)).toBe(CANONICAL);
  });

  it('signs with WebCrypto exactly as Python and node:crypto do', async () => {
    expect(await computeRequestSignature(signer, SECRET, TIMESTAMP, CANONICAL)).toBe(PYTHON_SIGNATURE);
    expect(await computeRequestSignature(signer, SECRET, TIMESTAMP, SENT)).toBe(RAW_SIGNATURE);
    const node = createHmac('sha256', SECRET).update(`${TIMESTAMP}.${CANONICAL}`).digest('hex');
    expect(`v1=${node}`).toBe(PYTHON_SIGNATURE);
  });

  it('handles an empty key like node:crypto', async () => {
    const data = new TextEncoder().encode('x');
    const mac = await signer.hmacSha256(new Uint8Array(0), data);
    expect(Buffer.from(mac).toString('hex')).toBe(createHmac('sha256', Buffer.alloc(0)).update('x').digest('hex'));
  });
});

describe('verification by the fake', () => {
  let fake: FakeAscend;
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock();
    fake = server.use({ signingSecret: SECRET, now: clock.now });
  });

  const signed = (body: string, signature: string, timestamp = TIMESTAMP) =>
    call('POST', '/api/v1/actions/submit', { body, headers: { 'X-Signature': signature, 'X-Request-Timestamp': timestamp } });

  it("accepts the Python client's request: insertion-order bytes, signature over the sorted form", async () => {
    const r = await signed(SENT, PYTHON_SIGNATURE);
    expect(r.status).toBe(200);
    expect(fake.requestsFor('submitAction')[0]?.body).toBe(SENT);
  });

  it('accepts a signature over the raw bytes as sent', async () => {
    expect((await signed(SENT, RAW_SIGNATURE)).status).toBe(200);
    const canonicalSelfSigned = await computeRequestSignature(signer, SECRET, TIMESTAMP, CANONICAL);
    expect((await signed(CANONICAL, canonicalSelfSigned)).status).toBe(200);
  });

  it('keeps number lexemes when re-canonicalizing (a Python 100.0 stays 100.0)', async () => {
    const sent = '{"resource": "r", "action_type": "x.query", "action_details": {"amount": 100.0}}';
    const sig = await computeRequestSignature(signer, SECRET, TIMESTAMP, '{"action_details": {"amount": 100.0}, "action_type": "x.query", "resource": "r"}');
    expect((await signed(sent, sig)).status).toBe(200);
  });

  it('answers 401 for an unsigned, a wrongly signed or a tampered body', async () => {
    expect(await call('POST', '/api/v1/actions/submit', { body: SENT })).toMatchObject({ status: 401, json: { detail: 'Missing request signature' } });
    expect(await signed(SENT, 'v1=' + '0'.repeat(64))).toMatchObject({ status: 401, json: { detail: 'Invalid request signature' } });
    expect(await signed(SENT.replace('100', '900'), PYTHON_SIGNATURE)).toMatchObject({ status: 401 });
    expect(await signed(SENT, PYTHON_SIGNATURE, '2026-04-17T12:00:01.123456+00:00')).toMatchObject({ status: 401 });
    expect(fake.listActions()).toEqual([]);
    expect(fake.auditLog.filter((e) => e.eventType === 'signature.rejected').map((e) => e.details['problem'])).toEqual([
      'missing',
      'invalid',
      'invalid',
      'invalid',
    ]);
  });

  it('does not require signatures where clients never sign: GET, DELETE, no body, {}', async () => {
    expect((await call('GET', '/api/sdk/kill-switch/status')).status).toBe(200);
    const command = fake.issueCommand({ agentId: 'a', commandType: 'BLOCK' });
    expect((await call('POST', `/api/registry/agents/a/commands/${command.commandId}/ack`, { body: '{}' })).status).toBe(200);
    expect((await call('DELETE', '/api/webhooks/wh_9')).status).toBe(404);
  });

  it('checks the timestamp window when configured', async () => {
    fake = server.use({ signingSecret: SECRET, now: clock.now, signatureToleranceMs: 300_000 });
    expect((await signed(SENT, PYTHON_SIGNATURE)).status).toBe(200);
    clock.advance(301_000);
    expect(await signed(SENT, PYTHON_SIGNATURE)).toMatchObject({ status: 401, json: { detail: 'Request timestamp outside the tolerance window' } });
  });
});

describe('API keys', () => {
  it('accepts the default key from X-API-Key or from Authorization: Bearer', async () => {
    const fake = server.use();
    expect(fake.apiKey).toBe(DEFAULT_API_KEY);
    expect(DEFAULT_API_KEY).toBe('ascend_dev_local_key');
    expect((await call('GET', '/api/deployment-info', { key: null, headers: { 'X-API-Key': DEFAULT_API_KEY } })).status).toBe(200);
    expect((await call('GET', '/api/deployment-info', { key: null, headers: { Authorization: `Bearer ${DEFAULT_API_KEY}` } })).status).toBe(200);
  });

  it('answers 401 for a missing or wrong key, and audits it without the key', async () => {
    const fake = server.use();
    const missing = await call('GET', '/api/sdk/kill-switch/status', { key: null });
    expect(missing).toMatchObject({ status: 401, json: { detail: 'Missing API key' } });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await call('POST', '/api/v1/actions/submit', { key: 'owkai_wrong', body: { action_type: 'a.b', resource: 'r' } });
    expect(wrong).toMatchObject({ status: 401, json: { detail: 'Invalid or expired API key' } });
    // A wrong X-API-Key is not rescued by a valid bearer token.
    const mixed = await call('GET', '/api/deployment-info', { key: null, headers: { 'X-API-Key': 'nope', Authorization: `Bearer ${DEFAULT_API_KEY}` } });
    expect(mixed.status).toBe(401);
    expect(fake.listActions()).toEqual([]);
    expect(fake.auditLog.map((e) => e.eventType)).toEqual(['auth.failed', 'auth.failed', 'auth.failed']);
    expect(JSON.stringify(fake.auditLog)).not.toContain('owkai_wrong');
  });

  it('takes configured keys, or any key', async () => {
    const custom = server.use({ apiKeys: ['owkai_test_1'] });
    expect(custom.apiKey).toBe('owkai_test_1');
    expect((await call('GET', '/api/deployment-info', { key: 'owkai_test_1' })).status).toBe(200);
    expect((await call('GET', '/api/deployment-info')).status).toBe(401);
    server.use({ apiKeys: 'any' });
    expect((await call('GET', '/api/deployment-info', { key: 'whatever' })).status).toBe(200);
    expect((await call('GET', '/api/deployment-info', { key: null })).status).toBe(401);
  });
});
