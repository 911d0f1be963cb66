import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAscendError } from '../errors.js';
import type { Signer } from '../ports.js';
import { signWebhook } from './sign.js';

const signer: Signer = {
  async hmacSha256(key, data) {
    return new Uint8Array(createHmac('sha256', key).update(data).digest());
  },
};

const SECRET = 'whsec_sign-test-secret-never-printed';

describe('signWebhook', () => {
  it('ascend-v1: emits exactly Content-Type, X-Event-Id, X-Timestamp and a lowercase-hex v1= signature over "<ts>.<body>"', async () => {
    const payload = { id: 'evt_1', type: 'action.approved', data: { action_id: 7 } };
    const { headers, body } = await signWebhook({ secret: SECRET, payload, signer, timestamp: 1_700_000_000 });
    expect(body).toBe(JSON.stringify(payload));
    const mac = createHmac('sha256', SECRET).update(`1700000000.${body}`).digest('hex');
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      'X-Event-Id': 'evt_1',
      'X-Timestamp': '1700000000',
      'X-Signature': `v1=${mac}`,
    });
  });

  it('sends a raw string payload byte for byte and reads its id', async () => {
    const raw = '{ "id": 42,  "type": "action.denied" }';
    const { headers, body } = await signWebhook({ secret: SECRET, payload: raw, signer, timestamp: 1 });
    expect(body).toBe(raw);
    expect(headers['X-Event-Id']).toBe('42');
  });

  it('generates an evt_/msg_ id when neither eventId nor payload id is given', async () => {
    const a = await signWebhook({ secret: SECRET, payload: { event: 'action.denied' }, signer });
    const b = await signWebhook({ secret: 'plain', payload: { event: 'action.denied' }, signer, scheme: 'standard-webhooks' });
    expect(a.headers['X-Event-Id']).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(b.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(Math.abs(Number(a.headers['X-Timestamp']) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('one signature per secret, space-separated (sender-side rotation)', async () => {
    const { headers } = await signWebhook({ secret: [SECRET, 'whsec_next'], payload: { id: 'e', type: 't' }, signer, timestamp: 5 });
    expect(headers['X-Signature']).toMatch(/^v1=[0-9a-f]{64} v1=[0-9a-f]{64}$/);
  });

  it('standard-webhooks: reproduces the published test vector', async () => {
    const { headers, body } = await signWebhook({
      scheme: 'standard-webhooks',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      payload: '{"test": 2432232314}',
      eventId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      signer,
    });
    expect(body).toBe('{"test": 2432232314}');
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('rejects bad input with a ConfigurationError that never contains the secret', async () => {
    const cases: [Parameters<typeof signWebhook>[0], string][] = [
      [{ secret: `${SECRET}\n`, payload: {}, signer }, 'secret'],
      [{ secret: '', payload: {}, signer }, 'secret'],
      [{ secret: 'whsec_***', payload: {}, signer, scheme: 'standard-webhooks' }, 'secret'],
      [{ secret: SECRET, payload: { id: 'a' }, eventId: 'b', signer }, 'eventId'],
      [{ secret: SECRET, payload: { id: ' ' }, signer }, 'eventId'],
      [{ secret: SECRET, payload: {}, eventId: 'evt\r\nX-Injected: 1', signer }, 'eventId'],
      [{ secret: SECRET, payload: {}, signer, timestamp: 1.5 }, 'timestamp'],
      [{ secret: SECRET, payload: [] as never, signer }, 'payload'],
      [{ secret: SECRET, payload: {}, signer, scheme: 'v2' as never }, 'scheme'],
    ];
    for (const [options, field] of cases) {
      const error = await signWebhook(options).catch((e: unknown) => e);
      expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe(field);
      expect(JSON.stringify(error) + String(error)).not.toContain(SECRET);
    }
  });
});
