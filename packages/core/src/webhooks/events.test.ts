import { describe, expect, expectTypeOf, it } from 'vitest';
import { isWebhookVerificationError } from '../errors.js';
import { dispatchWebhookEvent, KNOWN_WEBHOOK_EVENT_TYPES, parseWebhookEvent, type WebhookEvent } from './events.js';

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isWebhookVerificationError(error) ? error.reason : 'other error';
  }
  return undefined;
}

describe('parseWebhookEvent', () => {
  it('parses the backend envelope: id, type, timestamp, api_version, organization_id, metadata', () => {
    const payload = {
      id: 'evt_0123456789abcdef01234567',
      type: 'action.submitted',
      timestamp: '2025-11-28T10:00:00Z',
      api_version: '2025-11-28',
      organization_id: 7,
      data: {
        action_id: 101,
        action_type: 'database.delete',
        agent_id: 'ops-bot',
        description: 'drop old logs',
        risk_score: 91,
        risk_level: 'critical',
        requested_by: 'ops-bot',
        submitted_at: '2025-11-28T09:59:59Z',
        nist_controls: ['AC-3', 5, 'AU-2'],
        mitre_tactics: ['TA0040'],
      },
      metadata: { idempotency_key: 'idem-1', delivery_attempt: 2 },
    };
    const event = parseWebhookEvent(payload);
    expect(event).toEqual({
      id: 'evt_0123456789abcdef01234567',
      type: 'action.submitted',
      timestamp: '2025-11-28T10:00:00Z',
      apiVersion: '2025-11-28',
      organizationId: '7',
      metadata: { idempotencyKey: 'idem-1', deliveryAttempt: 2 },
      payload,
      data: {
        actionId: '101',
        actionType: 'database.delete',
        agentId: 'ops-bot',
        riskScore: 91,
        riskLevel: 'critical',
        description: 'drop old logs',
        requestedBy: 'ops-bot',
        submittedAt: '2025-11-28T09:59:59Z',
        nistControls: ['AC-3', 'AU-2'],
        mitreTactics: ['TA0040'],
      },
    });
  });

  it('parses the predecessor envelope (event, timestamp, data) and the public doc one (created_at)', () => {
    const legacy = parseWebhookEvent({
      event: 'action.approved',
      timestamp: '2025-12-03T10:00:00Z',
      data: { action_id: 'act_123', agent_id: 'agent_001', approver: 'admin@company.com' },
    });
    expect(legacy).toMatchObject({
      type: 'action.approved',
      id: undefined,
      timestamp: '2025-12-03T10:00:00Z',
      data: { actionId: 'act_123', approvedBy: 'admin@company.com' },
    });
    const doc = parseWebhookEvent({
      id: 'evt_9',
      type: 'action.approved',
      created_at: '2025-12-01T00:00:00Z',
      data: { action_id: 5, status: 'approved', risk_score: '40' },
    });
    expect(doc).toMatchObject({ id: 'evt_9', timestamp: '2025-12-01T00:00:00Z', data: { actionId: '5', riskScore: 40 } });
  });

  it('an id from the transport wins over the payload id', () => {
    expect(parseWebhookEvent({ id: 'evt_payload', type: 'action.pending' }, { id: 'msg_signed' }).id).toBe('msg_signed');
  });

  it.each([
    [
      'action.denied',
      { action_id: 1, reason: 'limit', rejected_by: 'bob', policy_violations: ['p1'] },
      { actionId: '1', reason: 'limit', deniedBy: 'bob', policyViolations: ['p1'] },
    ],
    ['action.pending', { action_id: 2, approval_request_id: 99 }, { actionId: '2', approvalRequestId: '99' }],
    ['policy.violation', { agent_id: 'a', violations: ['no-pii', { x: 1 }] }, { agentId: 'a', violations: ['no-pii'] }],
    ['agent.trust_changed', { agent_id: 'a', old_trust_level: 'high', new_trust_level: 2 }, { agentId: 'a', oldTrustLevel: 'high', newTrustLevel: 2 }],
    ['action.evaluated', { action_id: 3, decision: 'ALLOWED' }, { actionId: '3', decision: 'allowed' }],
    ['action.evaluated', { action_id: 3, decision: 'approved' }, { actionId: '3', decision: undefined }],
    ['action.completed', { action_id: 4, duration_ms: 0, result: { rows: 3 } }, { actionId: '4', durationMs: 0, result: { rows: 3 } }],
    ['action.failed', { action_id: 5, error_message: 'boom' }, { actionId: '5', error: 'boom' }],
    [
      'action.rejected',
      { action_id: 6, rejected_by: 'ciso', rejection_reason: 'out of policy', rejected_at: 't' },
      { actionId: '6', rejectedBy: 'ciso', rejectionReason: 'out of policy', rejectedAt: 't' },
    ],
    ['action.executed', { action_id: 7, executed_at: 't' }, { actionId: '7', executedAt: 't' }],
    [
      'policy.violated',
      { policy_id: 12, policy_name: 'no-prod-deletes', violation_type: 'block', action_id: 8, details: { k: 'v' }, violated_at: 't' },
      { policyId: '12', policyName: 'no-prod-deletes', violationType: 'block', actionId: '8', details: { k: 'v' }, violatedAt: 't' },
    ],
    [
      'alert.triggered',
      { alert_id: 3, alert_type: 'risk', severity: 'high', title: 'T', description: 'D', source: 's', triggered_at: 't' },
      { alertId: '3', alertType: 'risk', severity: 'high', title: 'T', description: 'D', source: 's', triggeredAt: 't' },
    ],
  ])('maps %s data to camelCase', (type, data, expected) => {
    expect(parseWebhookEvent({ type, data }).data).toMatchObject(expected);
  });

  it('types every documented event name', () => {
    expect(KNOWN_WEBHOOK_EVENT_TYPES).toEqual(
      expect.arrayContaining([
        'action.approved',
        'action.denied',
        'action.pending',
        'policy.violation',
        'agent.trust_changed',
        'action.completed',
        'action.failed',
        'action.submitted',
        'action.rejected',
        'action.evaluated',
        'action.executed',
        'policy.violated',
        'alert.triggered',
      ]),
    );
    for (const type of KNOWN_WEBHOOK_EVENT_TYPES) expect(parseWebhookEvent({ type }).type).toBe(type);
  });

  it('wrong-typed or missing fields read as undefined instead of crashing; unknown risk levels are dropped', () => {
    const event = parseWebhookEvent({
      type: 'action.approved',
      data: { action_id: { nested: true }, risk_score: 'high', risk_level: 'extreme', approved_by: 5 },
    });
    expect(event.data).toMatchObject({ actionId: undefined, riskScore: undefined, riskLevel: undefined, approvedBy: undefined });
    expect(parseWebhookEvent({ type: 'action.approved', data: 'nope' }).data).toMatchObject({ actionId: undefined });
  });

  it('keeps an unknown event type with its payload', () => {
    const payload = { id: 'evt_x', type: 'workflow.escalated', data: { workflow_id: 3 } };
    const event = parseWebhookEvent(payload);
    expect(event).toMatchObject({ type: 'unknown', rawType: 'workflow.escalated', id: 'evt_x', data: { workflow_id: 3 }, payload });
    // Prototype keys are not event types.
    expect(parseWebhookEvent({ type: 'constructor' })).toMatchObject({ type: 'unknown', rawType: 'constructor' });
  });

  it("rejects untrusted non-objects and type-less payloads with reason 'malformed_payload'", () => {
    for (const bad of [null, [], 'text', 3, true, undefined, {}, { type: 42 }, { event: '' }]) {
      expect(reasonOf(() => parseWebhookEvent(bad))).toBe('malformed_payload');
    }
  });

  it('narrows data by type', () => {
    const event = parseWebhookEvent({ type: 'agent.trust_changed' });
    if (event.type === 'agent.trust_changed') expectTypeOf(event.data.newTrustLevel).toEqualTypeOf<string | number | undefined>();
    if (event.type === 'unknown') expectTypeOf(event.rawType).toEqualTypeOf<string>();
  });
});

describe('dispatchWebhookEvent', () => {
  it('calls the handler for the event type only and reports whether one ran', async () => {
    const seen: string[] = [];
    const handlers = {
      'action.approved': (e: Extract<WebhookEvent, { type: 'action.approved' }>) => void seen.push(`approved ${e.data.actionId}`),
      unknown: async (e: Extract<WebhookEvent, { type: 'unknown' }>) => void seen.push(`unknown ${e.rawType}`),
    };
    expect(await dispatchWebhookEvent(parseWebhookEvent({ type: 'action.approved', data: { action_id: 1 } }), handlers)).toBe(true);
    expect(await dispatchWebhookEvent(parseWebhookEvent({ type: 'x.y' }), handlers)).toBe(true);
    expect(await dispatchWebhookEvent(parseWebhookEvent({ type: 'action.denied' }), handlers)).toBe(false);
    expect(seen).toEqual(['approved 1', 'unknown x.y']);
  });
});
