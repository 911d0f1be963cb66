/**
 * The telemetry port: the pipeline opens one `ascend.governed_call` span per call (or per phase
 * called on its own) with the documented attributes, and a telemetry that misbehaves (throws
 * before or after running the call, runs it twice, breaks on setAttributes, returns a bad client)
 * never changes what the call does.
 */
import { silentLogger } from '@ascend/core';
import { MockAscendClient } from '@ascend/testing';
import { describe, expect, it } from 'vitest';
import {
  createToolGovernor,
  GOVERNANCE_ATTRIBUTES as A,
  GOVERNED_CALL_SPAN,
  type GovernanceClient,
  type GovernancePolicy,
  type GovernanceTelemetry,
  type TelemetryAttributes,
  type ToolIdentity,
} from './index.js';

const identity: ToolIdentity<number> = {
  toolName: 'refund',
  source: 'test_framework',
  actionTypePrefix: 'tool',
  component: 'test',
  callerLabel: 'test caller',
  defaultSummary: () => ({ ok: true }),
};

/** A telemetry that records spans as plain objects. */
function recording(): GovernanceTelemetry & { spans: Array<{ name: string; attributes: TelemetryAttributes }> } {
  const spans: Array<{ name: string; attributes: TelemetryAttributes }> = [];
  return {
    spans,
    async span(name, attributes, fn) {
      const span = { name, attributes: { ...attributes } };
      spans.push(span);
      return fn({ setAttributes: (a) => Object.assign(span.attributes, a) });
    },
  };
}

function governor(client: GovernanceClient, policy: GovernancePolicy<Record<string, unknown>, number>) {
  return createToolGovernor<Record<string, unknown>, number>(client, identity, { logger: silentLogger, ...policy });
}

describe('governed-call spans', () => {
  it('run: one span with the tool, the decision, the risk and the outcome; never the arguments', async () => {
    const client = new MockAscendClient().decide('*', 'denied', { riskScore: 88 });
    const telemetry = recording();
    try {
      await governor(client, { telemetry, riskLevel: 'high', resource: 'orders' }).run({ card: '4242 4242 4242 4242' }, () => 1);
      expect(telemetry.spans).toEqual([
        {
          name: GOVERNED_CALL_SPAN,
          attributes: expect.objectContaining({
            [A.toolName]: 'refund',
            [A.source]: 'test_framework',
            [A.phase]: 'run',
            [A.enforcement]: 'enforce',
            [A.actionType]: 'tool.refund',
            [A.resource]: 'orders',
            [A.decision]: 'denied',
            [A.riskScore]: 88,
            [A.failOpen]: false,
            [A.outcome]: 'blocked',
            [A.blockKind]: 'denied',
            [A.actionId]: expect.any(String),
          }),
        },
      ]);
      expect(JSON.stringify(telemetry.spans)).not.toContain('4242');
    } finally {
      await client.close();
    }
  });

  it("a tool that throws ends the span with outcome 'tool_error' and the error is rethrown", async () => {
    const client = new MockAscendClient();
    const telemetry = recording();
    try {
      await expect(
        governor(client, { telemetry }).run({}, () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(telemetry.spans[0]!.attributes[A.outcome]).toBe('tool_error');
    } finally {
      await client.close();
    }
  });

  it('observe: the phases called with the same site record onto one span', async () => {
    const client = new MockAscendClient();
    const telemetry = recording();
    try {
      const g = governor(client, { telemetry });
      const site = {};
      await g.observe(site, async () => g.proceed(await g.decide({}, site), () => 1, site));
      expect(telemetry.spans).toHaveLength(1);
      expect(telemetry.spans[0]!.attributes).toMatchObject({ [A.phase]: 'run', [A.decision]: 'allowed', [A.outcome]: 'ran' });
    } finally {
      await client.close();
    }
  });
});

describe('a telemetry that misbehaves changes nothing', () => {
  const broken: Array<[string, GovernanceTelemetry]> = [
    [
      'throws before running the call',
      {
        span: () => {
          throw new Error('tracer down');
        },
      },
    ],
    [
      'rejects after running the call',
      {
        span: async (_n, _a, fn) => {
          await fn({ setAttributes: () => {} });
          throw new Error('exporter down');
        },
      },
    ],
    ['returns something else', { span: async (_n, _a, fn) => (await fn({ setAttributes: () => {} }), 'not the outcome' as never) }],
    [
      'breaks on setAttributes',
      {
        span: (_n, _a, fn) =>
          fn({
            setAttributes: () => {
              throw new Error('bad attribute');
            },
          }),
      },
    ],
    [
      'instrumentClient throws',
      {
        span: (_n, _a, fn) => fn({ setAttributes: () => {} }),
        instrumentClient: () => {
          throw new Error('no');
        },
      },
    ],
    ['instrumentClient returns a non-client', { span: (_n, _a, fn) => fn({ setAttributes: () => {} }), instrumentClient: () => ({}) as GovernanceClient }],
  ];
  for (const [what, telemetry] of broken) {
    it(`${what}: the tool runs once, the outcome and the report are unchanged`, async () => {
      const client = new MockAscendClient();
      try {
        let runs = 0;
        const outcome = await governor(client, { telemetry }).run({}, () => ++runs);
        expect(runs).toBe(1);
        expect(outcome).toMatchObject({ ran: true, value: 1 });
        expect(client.executions).toHaveLength(1);
      } finally {
        await client.close();
      }
    });
  }

  it('a denial stays a denial under a throwing telemetry', async () => {
    const client = new MockAscendClient().decide('*', 'denied');
    try {
      let runs = 0;
      const outcome = await governor(client, { telemetry: broken[0]![1] }).run({}, () => ++runs);
      expect(runs).toBe(0);
      expect(outcome).toMatchObject({ ran: false, block: { kind: 'denied' } });
    } finally {
      await client.close();
    }
  });

  it('refuses a telemetry without span() at wrap time', () => {
    const client = new MockAscendClient();
    expect(() => governor(client, { telemetry: {} as GovernanceTelemetry })).toThrow(/telemetry/);
    void client.close();
  });
});
