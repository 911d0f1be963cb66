/**
 * The fake's bounded logs drop their oldest entries in amortized O(1) (no splice per entry), and
 * live-event payloads are deep copies made only when someone listens.
 */
import { describe, expect, it } from 'vitest';
import { AuditLog } from './audit.js';
import { createFakeAscend } from './fake-ascend.js';
import { DEFAULT_API_KEY } from './fake-options.js';
import { copyJson } from './json.js';
import { RequestRecorder } from './recorder.js';

describe('bounded logs', () => {
  it('the request recorder keeps exactly the last `limit` requests, oldest first, across compactions', () => {
    for (const limit of [1, 3, 300, 1000]) {
      const recorder = new RequestRecorder(limit);
      for (let i = 1; i <= 2500; i++) {
        recorder.record({ at: i, method: 'GET', path: `/${i}`, query: '', headers: {}, body: '', json: undefined, operation: null, idempotencyKey: null });
        if (i % 377 === 0 || i === 2500) {
          const kept = recorder.all().map((r) => r.seq);
          const expected = Array.from({ length: Math.min(limit, i) }, (_, k) => i - Math.min(limit, i) + 1 + k);
          expect(kept).toEqual(expected);
        }
      }
      recorder.clear();
      expect(recorder.all()).toEqual([]);
    }
  });

  it('the audit log keeps exactly the last `limit` events; dump and load round-trip', () => {
    const seen: string[] = [];
    const log = new AuditLog(
      5,
      () => 0,
      (e) => seen.push(e.eventId),
    );
    for (let i = 0; i < 1234; i++) log.append({ eventType: 'x' });
    expect(log.all().map((e) => e.eventId)).toEqual(['ev-1230', 'ev-1231', 'ev-1232', 'ev-1233', 'ev-1234']);
    expect(seen).toHaveLength(1234);
    const dumped = log.dump();
    const other = new AuditLog(
      5,
      () => 0,
      () => undefined,
    );
    other.load(dumped);
    other.append({ eventType: 'y' });
    expect(other.all().map((e) => e.eventId)).toEqual(['ev-1231', 'ev-1232', 'ev-1233', 'ev-1234', 'ev-1235']);
  });

  it('fake.requests and the audit log honour limits after thousands of requests', async () => {
    const fake = createFakeAscend({ limits: { requests: 7, audit: 4 } });
    for (let i = 0; i < 700; i++)
      await fake.handle({ method: 'GET', path: '/api/sdk/kill-switch/status', headers: { 'x-api-key': i % 2 ? DEFAULT_API_KEY : 'wrong' } });
    expect(fake.requests.map((r) => r.seq)).toEqual([694, 695, 696, 697, 698, 699, 700]);
    expect(fake.auditLog).toHaveLength(4);
    expect(fake.auditLog.every((e) => e.eventType === 'auth.failed')).toBe(true);
  });
});

describe('event payload copies', () => {
  it('copyJson copies deeply, keeps undefined and keeps a __proto__ key as an own property', () => {
    const source = JSON.parse('{"a": {"b": [1, {"c": null}]}, "__proto__": {"polluted": true}}') as Record<string, unknown>;
    const copy = copyJson({ ...source, u: undefined });
    expect(copy).toEqual({ ...source, u: undefined });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    ((copy as unknown as { a: { b: unknown[] } }).a.b[1] as { c: unknown }).c = 'changed';
    expect(source).toEqual(JSON.parse('{"a": {"b": [1, {"c": null}]}, "__proto__": {"polluted": true}}'));
  });

  it('listeners get copies: mutating a payload changes nothing in the fake', async () => {
    const fake = createFakeAscend();
    fake.on('action.submitted', (a) => {
      a.decision = 'allowed';
      a.trail.push({ event: 'tampered', timestamp: '', actor: null, details: {} });
    });
    await fake.handle({
      method: 'POST',
      path: '/api/v1/actions/submit',
      headers: { 'x-api-key': DEFAULT_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ agent_id: 'a', agent_name: 'A', action_type: 'database.drop', resource: 'production_db' }),
    });
    const action = fake.listActions()[0]!;
    expect(action.decision).toBe('denied');
    expect(action.trail.map((t) => t.event)).not.toContain('tampered');
  });
});
