/** Policy rules: the seed scenarios, globs, conditions, JSON validation and risk levels. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, setupFakeServer } from '../test-support/harness.js';
import {
  computeRiskScore,
  conditionHolds,
  createFakeAscend,
  DEFAULT_POLICY_RULES,
  evaluatePolicy,
  globMatch,
  parsePolicyDocument,
  parsePolicyRules,
  PolicyRuleError,
  riskLevelFromScore,
  type JsonObject,
  type PolicyInput,
} from '../index.js';

const server = setupFakeServer();

const decide = (input: PolicyInput) => {
  const e = evaluatePolicy(DEFAULT_POLICY_RULES, input);
  return { outcome: e.outcome, rule: e.rule?.id ?? null, score: e.riskScore, level: e.riskLevel };
};

describe('default rules (the seed scenarios)', () => {
  it.each([
    ['transaction.refund', 'stripe_api', { amount: 75 }, {}, 'allow', 'refund-within-limit'],
    ['financial.refund', 'stripe_api', { amount: 100 }, {}, 'allow', 'refund-within-limit'],
    ['financial.refund', 'stripe_api', { amount: 100.01 }, {}, 'require_approval', 'refund-requires-approval'],
    ['financial.refund', 'stripe_api', { amount: '250.00' }, {}, 'require_approval', 'refund-requires-approval'],
    ['financial.refund', 'stripe_api', {}, {}, 'require_approval', 'refund-requires-approval'],
    ['financial.transfer', 'payment_gateway', { amount: 50000, currency: 'USD' }, {}, 'require_approval', 'large-payment'],
    ['database.delete', 'production_db', { table: 'old_logs' }, {}, 'require_approval', 'delete-on-production'],
    ['file.delete', 'prod-bucket', {}, {}, 'require_approval', 'delete-on-production'],
    ['database.drop', 'test_db', {}, {}, 'deny', 'forbidden-destructive'],
    ['System.Shutdown', 'host-1', {}, {}, 'deny', 'forbidden-destructive'],
    ['database.query', 'production_db', { query: 'SELECT * FROM users' }, {}, 'allow', 'read-only'],
    ['file.read', '/logs', {}, {}, 'allow', 'read-only'],
    ['filesystem.read_file', '/etc/app.conf', {}, {}, 'allow', 'read-only'],
    ['customer.lookup', 'customer_db', { customer_id: 'c1' }, {}, 'allow', 'read-only'],
    ['database.query', 'db', {}, { require_human_approval: true }, 'require_approval', 'human-approval-requested'],
  ] as const)('%s on %s %j %j → %s (%s)', (actionType, resource, params, context, outcome, rule) => {
    expect(decide({ actionType, resource, params, context })).toMatchObject({ outcome, rule });
  });

  it('falls back to allow with an indicator-driven risk score', () => {
    expect(decide({ actionType: 'api.call', resource: 'api' })).toEqual({ outcome: 'allow', rule: null, score: 20, level: 'low' });
    expect(decide({ actionType: 'data.transform', resource: 'memory', riskIndicators: { pii_involved: true, data_sensitivity: 'high' } })).toEqual({
      outcome: 'allow',
      rule: null,
      score: 40,
      level: 'medium',
    });
    expect(evaluatePolicy(DEFAULT_POLICY_RULES, { actionType: 'api.call', resource: 'api' }).reason).toBe('No policy matched; allowed by default');
  });
});

describe('matching', () => {
  it('globs are case-insensitive, * crosses dots and slashes, ? is one character, regex characters are literal', () => {
    expect(globMatch('financial.*', 'financial.refund')).toBe(true);
    expect(globMatch('financial.*', 'FINANCIAL.Refund')).toBe(true);
    expect(globMatch('*.drop', 'db.table.drop')).toBe(true);
    expect(globMatch('*.drop', 'dropper')).toBe(false);
    expect(globMatch('/etc/*', '/etc/ssh/sshd_config')).toBe(true);
    expect(globMatch('db?', 'db1')).toBe(true);
    expect(globMatch('db?', 'db12')).toBe(false);
    expect(globMatch('a+b(c)', 'a+b(c)')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
  });

  it('evaluates every operator, on nested paths, with numeric strings', () => {
    const obj: JsonObject = { amount: '150', customer: { tier: 'gold' }, tags: ['x'], flag: false };
    expect(conditionHolds({ param: 'amount', op: '>', value: 100 }, obj)).toBe(true);
    expect(conditionHolds({ param: 'amount', op: '<=', value: 100 }, obj)).toBe(false);
    expect(conditionHolds({ param: 'customer.tier', op: '==', value: 'gold' }, obj)).toBe(true);
    expect(conditionHolds({ param: 'customer.tier', op: 'in', value: ['gold', 'platinum'] }, obj)).toBe(true);
    expect(conditionHolds({ param: 'customer.tier', op: 'not_in', value: ['gold'] }, obj)).toBe(false);
    expect(conditionHolds({ param: 'tags', op: '==', value: ['x'] }, obj)).toBe(true);
    expect(conditionHolds({ param: 'flag', op: 'exists' }, obj)).toBe(true);
    expect(conditionHolds({ param: 'missing', op: 'not_exists' }, obj)).toBe(true);
    expect(conditionHolds({ param: 'missing', op: '>', value: 1 }, obj)).toBe(false);
    expect(conditionHolds({ param: 'missing', op: '!=', value: 1 }, obj)).toBe(true);
    expect(conditionHolds({ param: 'customer.tier', op: 'matches', value: 'g*' }, obj)).toBe(true);
    expect(conditionHolds({ param: 'customer', op: '>', value: 1 }, obj)).toBe(false);
  });

  it('first matching rule wins; environment and agent globs apply', () => {
    const rules = parsePolicyRules([
      { id: 'staging-anything', match: { environment: 'staging' }, outcome: 'allow', riskScore: 5 },
      { id: 'bot-deny', match: { agentId: 'rogue-*' }, outcome: 'deny', violations: ['AG-1'] },
      { id: 'all', outcome: 'require_approval' },
    ]);
    expect(evaluatePolicy(rules, { actionType: 'x', resource: 'y', environment: 'staging', agentId: 'rogue-1' }).rule?.id).toBe('staging-anything');
    expect(evaluatePolicy(rules, { actionType: 'x', resource: 'y', environment: 'production', agentId: 'rogue-1' })).toMatchObject({
      outcome: 'deny',
      violations: ['AG-1'],
      riskScore: 90,
      riskLevel: 'critical',
      reason: 'Denied by policy (bot-deny)',
    });
    expect(evaluatePolicy(rules, { actionType: 'x', resource: 'y' }).rule?.id).toBe('all');
  });
});

describe('policy from JSON', () => {
  const json = `{
    "version": 1,
    "rules": [
      { "id": "pii", "match": { "riskIndicators": [{ "param": "pii_involved", "op": "==", "value": true }] },
        "outcome": "require_approval", "reason": "PII needs a human", "approvers": ["dpo@corp.example"] },
      { "id": "no-exports", "match": { "actionType": ["data.export", "*.exfiltrate"] }, "outcome": "deny",
        "violations": ["DLP-7"], "riskScore": 88 }
    ],
    "default": { "outcome": "deny", "reason": "Not on the allow list" }
  }`;

  it('parses a document and drives the fake', async () => {
    const doc = parsePolicyDocument(JSON.parse(json));
    expect(doc.rules.map((r) => r.id)).toEqual(['pii', 'no-exports']);
    server.use({ policy: JSON.parse(json) });
    const pii = await call('POST', '/api/v1/actions/submit', {
      body: { agent_id: 'a', agent_name: 'a', action_type: 'customer.lookup', resource: 'customer_db', risk_indicators: { pii_involved: true } },
    });
    expect(pii.json).toMatchObject({ decision: 'pending', reason: 'PII needs a human', required_approvers: ['dpo@corp.example'] });
    const other = await call('POST', '/api/v1/actions/submit', { body: { agent_id: 'a', agent_name: 'a', action_type: 'api.call', resource: 'x' } });
    expect(other.json).toMatchObject({ decision: 'denied', reason: 'Not on the allow list', risk_score: 90, metadata: { rule_id: null } });
    const exported = await call('POST', '/api/v1/actions/submit', { body: { agent_id: 'a', agent_name: 'a', action_type: 'data.export', resource: 'x' } });
    expect(exported.json).toMatchObject({ decision: 'denied', policy_violations: ['DLP-7'], risk_score: 88, risk_level: 'high' });
  });

  it('is replaceable at run time and validated', () => {
    const fake = createFakeAscend();
    fake.setPolicy([{ id: 'deny-all', outcome: 'deny' }]);
    expect(fake.policy.rules.map((r) => r.id)).toEqual(['deny-all']);
    expect(() => fake.setPolicy([{ id: 'x', outcome: 'maybe' } as never])).toThrow(PolicyRuleError);
    expect(() => createFakeAscend({ policy: [{ id: '' }] as never })).toThrow('rules[0].id: must be a non-empty string; got ""');
  });

  it.each([
    [
      [
        { id: 'a', outcome: 'allow' },
        { id: 'a', outcome: 'deny' },
      ],
      'rules[1].id: duplicate rule id "a"',
    ],
    [[{ outcome: 'allow' }], 'rules[0].id: is required'],
    [[{ id: 'a', outcome: 'permit' }], 'rules[0].outcome: must be one of allow, deny, require_approval; got "permit"'],
    [
      [{ id: 'a', outcome: 'allow', match: { actionTypes: '*' } }],
      'rules[0].match.actionTypes: unknown key; allowed keys are actionType, resource, environment, agentId, params, context, riskIndicators',
    ],
    [
      [{ id: 'a', outcome: 'allow', match: { params: [{ param: 'amount', op: 'gt', value: 1 }] } }],
      'rules[0].match.params[0].op: must be one of > >= < <= == != in not_in exists not_exists matches; got "gt"',
    ],
    [
      [{ id: 'a', outcome: 'allow', match: { params: [{ param: 'amount', op: '>', value: '100' }] } }],
      'rules[0].match.params[0].value: must be a number for ">"; got "100"',
    ],
    [
      [{ id: 'a', outcome: 'allow', match: { context: [{ param: 'x', op: 'exists', value: 1 }] } }],
      'rules[0].match.context[0].value: must be omitted for "exists"',
    ],
    [[{ id: 'a', outcome: 'allow', riskScore: 101 }], 'rules[0].riskScore: must be a number from 0 to 100; got 101'],
    [[{ id: 'a', outcome: 'allow', match: { resource: [] } }], 'rules[0].match.resource: must list at least one glob'],
    [[{ id: 'a', outcome: 'allow', violations: ['ok', 3] }], 'rules[0].violations[1]: must be a string; got 3'],
  ])('rejects %j with "%s"', (input, message) => {
    expect(() => parsePolicyRules(input)).toThrow(message);
    try {
      parsePolicyRules(input);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyRuleError);
      expect((error as PolicyRuleError).field).toBe(message.slice(0, message.indexOf(':')));
    }
  });

  it('names document-level fields', () => {
    expect(() => parsePolicyDocument({ rules: [], default: { outcome: 'nah' } })).toThrow(
      'policy.default.outcome: must be one of allow, deny, require_approval; got "nah"',
    );
    expect(() => parsePolicyDocument({ version: 2, rules: [] })).toThrow('policy.version: must be 1; got 2');
    expect(() => parsePolicyDocument('rules')).toThrow('policy: must be an object; got "rules"');
  });
});

describe('risk', () => {
  it('derives the level from the score at 40 / 70 / 90', () => {
    expect([0, 39, 40, 69, 70, 89, 90, 100].map(riskLevelFromScore)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });

  it('levels are monotonic in the score', () => {
    const rank = { low: 0, medium: 1, high: 2, critical: 3 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return rank[riskLevelFromScore(lo)] <= rank[riskLevelFromScore(hi)];
      }),
    );
  });

  it('computed scores stay within 0..100 whatever the indicators', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('allow' as const, 'deny' as const, 'require_approval' as const),
        fc.record({
          pii_involved: fc.boolean(),
          financial_data: fc.boolean(),
          external_transfer: fc.boolean(),
          data_sensitivity: fc.constantFrom('low', 'high', 'critical'),
          amount_threshold: fc.constantFrom('normal', 'exceeded'),
        }),
        fc.option(fc.double({ min: -1000, max: 1000, noNaN: true }), { nil: undefined }),
        (outcome, indicators, explicit) => {
          const score = computeRiskScore(outcome, indicators, explicit);
          return Number.isInteger(score) && score >= 0 && score <= 100;
        },
      ),
    );
  });
});

describe('an agent that asks for a human', () => {
  const submit = (action_type: string, context: JsonObject) =>
    call('POST', '/api/v1/actions/submit', { body: { agent_id: 'a', agent_name: 'a', action_type, resource: 'prod_db', context } });

  it('context.require_human_approval holds an action policy would allow; a denial still wins', async () => {
    server.use({});
    const held = await submit('database.query', { require_human_approval: true });
    expect(held.json).toMatchObject({ decision: 'pending', status: 'pending_approval' });
    expect(typeof (held.json as JsonObject)['approval_request_id']).toBe('string');
    expect((await submit('database.query', {})).json).toMatchObject({ decision: 'allowed' });
    expect((await submit('database.query', { require_human_approval: 'yes' })).json).toMatchObject({ decision: 'allowed' });
    expect((await submit('database.drop', { require_human_approval: true })).json).toMatchObject({ decision: 'denied' });
  });
});
