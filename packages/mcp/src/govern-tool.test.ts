/**
 * Unit tests of the wrapper's decision logic against a structural client (no HTTP involved):
 * what a client returns or throws, and what the wrapper then does.
 */
import {
  ActionDeniedError,
  ApprovalTimeoutError,
  GovernanceUnavailableError,
  KillSwitchError,
  isAscendError,
  silentLogger,
  type AuthorizationDecision,
  type LogRecord,
} from '@ascend/core';
import { describe, expect, it, vi } from 'vitest';
import { governTool, withGovernance, type GovernanceClient, type GovernToolOptions, type ToolExtra } from './govern-tool.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

function decision(outcome: 'allowed' | 'denied' | 'pending', extra: Partial<Record<string, unknown>> = {}): AuthorizationDecision {
  return {
    decision: outcome,
    actionId: '77',
    status: undefined,
    riskScore: 10,
    riskLevel: 'low',
    reason: outcome === 'denied' ? 'nope' : undefined,
    policyViolations: [],
    conditions: [],
    approvedBy: undefined,
    approvedAt: undefined,
    comments: undefined,
    metadata: {},
    raw: {},
    executionAllowed: outcome === 'allowed',
    execution: undefined,
    failOpen: undefined,
    ...(outcome === 'pending' ? { approvalRequestId: undefined, expiresAt: undefined, requiredApprovers: [] } : {}),
    ...extra,
  } as AuthorizationDecision;
}

interface Recorder {
  client: GovernanceClient;
  completed: Array<{ actionId: string; report: unknown }>;
  failed: Array<{ actionId: string; report: unknown }>;
  waits: number;
}

function structuralClient(evaluate: () => unknown, wait: () => unknown = () => decision('allowed')): Recorder {
  const rec: Recorder = {
    completed: [],
    failed: [],
    waits: 0,
    client: {
      evaluateAction: async () => (await evaluate()) as AuthorizationDecision,
      waitForDecision: async () => {
        rec.waits++;
        return (await wait()) as AuthorizationDecision;
      },
      logActionCompleted: async (actionId, report) => {
        rec.completed.push({ actionId, report });
      },
      logActionFailed: async (actionId, report) => {
        rec.failed.push({ actionId, report });
      },
    },
  };
  return rec;
}

const ok = (text = 'ran'): CallToolResult => ({ content: [{ type: 'text', text }] });
const base: GovernToolOptions<Record<string, unknown>> = { toolName: 'tool', serverName: 'srv', logger: silentLogger };

async function run(rec: Recorder, options: Partial<GovernToolOptions<Record<string, unknown>>> = {}, extra: unknown = {}) {
  let runs = 0;
  const governed = governTool(rec.client, { ...base, ...options }, () => {
    runs++;
    return ok();
  });
  const result = await governed({ a: 1 }, extra as ToolExtra);
  return { result, runs };
}

/** Tests only read `signal`, `requestId`, `sessionId` and `authInfo` from the extra. */
const EX = {} as unknown as ToolExtra;
const text = (r: CallToolResult) => (r.content[0]?.type === 'text' ? r.content[0].text : '');

describe('only an explicit allowed decision runs the tool', () => {
  const notAllowed: Array<[string, unknown]> = [
    ['uppercase ALLOWED', { ...decision('allowed'), decision: 'ALLOWED' }],
    ['allowed but executionAllowed false', { ...decision('allowed'), executionAllowed: false }],
    ['approved (legacy word)', { ...decision('allowed'), decision: 'approved' }],
    ['undefined', undefined],
    ['null', null],
    ['empty object', {}],
    ['a string', 'allowed'],
    ['missing actionId', { ...decision('allowed'), actionId: undefined }],
  ];
  it.each(notAllowed)('%s → blocked as a governance error', async (_name, value) => {
    const { result, runs } = await run(structuralClient(() => value));
    expect(runs).toBe(0);
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('The ASCEND governance check failed (PROTOCOL_ERROR), so this tool was not run.');
  });

  it('an approval wait that returns garbage does not run the tool', async () => {
    const rec = structuralClient(
      () => decision('pending'),
      () => ({ decision: 'yes' }),
    );
    const { runs, result } = await run(rec, { approvalPollIntervalMs: 10 });
    expect(runs).toBe(0);
    expect(rec.waits).toBe(1);
    expect(text(result)).toContain('PROTOCOL_ERROR');
  });

  it('an approval wait that still says pending is a timeout, not allowed', async () => {
    const { runs, result } = await run(
      structuralClient(
        () => decision('pending'),
        () => decision('pending'),
      ),
      { approvalTimeoutMs: 1500 },
    );
    expect(runs).toBe(0);
    expect(text(result)).toMatch(/^Approval timed out: .* within 2 s \(action 77\)/);
  });

  it('a non-SDK exception from the client blocks with a generic message (no internals leak)', async () => {
    const { runs, result } = await run(
      structuralClient(() => {
        throw new TypeError('secret internal detail');
      }),
    );
    expect(runs).toBe(0);
    expect(text(result)).not.toContain('secret internal detail');
  });
});

describe("blockAs: 'throw'", () => {
  const cases: Array<[string, () => unknown, (e: unknown) => boolean]> = [
    [
      'denied → ActionDeniedError',
      () => decision('denied', { policyViolations: ['P-1'] }),
      (e) => e instanceof ActionDeniedError && e.policyViolations[0] === 'P-1' && e.reason === 'nope',
    ],
    ['kill switch → KillSwitchError', () => Promise.reject(new KillSwitchError('INC')), (e) => isAscendError(e, 'KILL_SWITCH_ACTIVE') && e.reason === 'INC'],
    ['unavailable → GovernanceUnavailableError', () => Promise.reject(new GovernanceUnavailableError()), (e) => e instanceof GovernanceUnavailableError],
    ['timeout → ApprovalTimeoutError', () => Promise.reject(new ApprovalTimeoutError('77', 10)), (e) => e instanceof ApprovalTimeoutError],
  ];
  it.each(cases)('%s', async (_name, evaluate, check) => {
    const rec = structuralClient(evaluate);
    let runs = 0;
    const governed = governTool(rec.client, { ...base, blockAs: 'throw' }, () => {
      runs++;
      return ok();
    });
    const error = await governed({}, EX).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(check(error)).toBe(true);
    expect(runs).toBe(0);
  });
});

describe('the tool path', () => {
  it('durationMs counts the tool only, not governance or callbacks', async () => {
    let now = 1000;
    const rec = structuralClient(async () => {
      now += 5000; // a slow governance round trip
      return decision('allowed');
    });
    const governed = governTool(rec.client, { ...base, clock: { now: () => now }, onAllowed: () => void (now += 700) }, () => {
      now += 42;
      return ok();
    });
    await governed({}, EX);
    expect(rec.completed).toEqual([{ actionId: '77', report: { result: { success: true, is_error: false, content_items: 1 }, durationMs: 42 } }]);
  });

  it('a tool returning isError is reported as completed with success false', async () => {
    const rec = structuralClient(() => decision('allowed'));
    await governTool(rec.client, base, () => ({ isError: true, content: [{ type: 'text' as const, text: 'not found' }] }))({}, EX);
    expect(rec.completed[0]?.report).toMatchObject({ result: { success: false, is_error: true, content_items: 1 } });
  });

  it('a throwing tool is reported as failed with a masked message and the original error is rethrown', async () => {
    const rec = structuralClient(() => decision('allowed'));
    const boom = new Error('upstream said Bearer abc.def.ghi is invalid');
    const governed = governTool(rec.client, base, () => {
      throw boom;
    });
    await expect(governed({}, EX)).rejects.toBe(boom);
    expect(rec.failed).toHaveLength(1);
    expect(rec.failed[0]?.report).toMatchObject({ error: 'upstream said Bearer **** is invalid' });
    expect(rec.completed).toEqual([]);
  });

  it('reports that throw or reject never reach the tool path', async () => {
    const rec = structuralClient(() => decision('allowed'));
    rec.client.logActionCompleted = () => {
      throw new Error('sync report bug');
    };
    const first = await governTool(rec.client, base, () => ok('one'))({}, EX);
    rec.client.logActionCompleted = () => Promise.reject(new Error('async report bug'));
    const second = await governTool(rec.client, { ...base, awaitReports: false }, () => ok('two'))({}, EX);
    expect([text(first), text(second)]).toEqual(['one', 'two']);
  });

  it('summarizeResult decides what the completion report says', async () => {
    const rec = structuralClient(() => decision('allowed'));
    await governTool(rec.client, { ...base, summarizeResult: (r) => ({ items: r.content.length, kind: 'custom' }) }, () => ok())({}, EX);
    expect(rec.completed[0]?.report).toMatchObject({ result: { items: 1, kind: 'custom' } });
  });

  it('a request cancelled before governance ends never calls ASCEND nor the tool', async () => {
    let evaluated = 0;
    const rec = structuralClient(() => {
      evaluated++;
      return decision('allowed');
    });
    const controller = new AbortController();
    controller.abort();
    const { runs, result } = await run(rec, {}, { signal: controller.signal, requestId: 1 });
    expect([evaluated, runs]).toEqual([0, 0]);
    expect(text(result)).toBe('The tool call was cancelled before it ran.');
  });

  it('a request cancelled during governance does not run the tool', async () => {
    const controller = new AbortController();
    const rec = structuralClient(() => {
      controller.abort();
      return decision('allowed');
    });
    const { runs, result } = await run(rec, {}, { signal: controller.signal });
    expect(runs).toBe(0);
    expect(text(result)).toBe('The tool call was cancelled before it ran.');
  });

  it('an option function that throws blocks the call', async () => {
    const { runs, result } = await run(
      structuralClient(() => decision('allowed')),
      {
        resource: () => {
          throw new Error('no path');
        },
      },
    );
    expect(runs).toBe(0);
    expect(text(result)).toBe('The ASCEND governance check failed (CONFIG_ERROR), so this tool was not run.');
  });

  it('a redact function that throws blocks the call instead of sending unredacted data', async () => {
    const { runs } = await run(
      structuralClient(() => decision('allowed')),
      {
        redact: () => {
          throw new Error('bug');
        },
      },
    );
    expect(runs).toBe(0);
  });

  it('a kill-switch view that throws blocks (fail closed)', async () => {
    let evaluated = 0;
    const { runs, result } = await run(
      structuralClient(() => {
        evaluated++;
        return decision('allowed');
      }),
      {
        killSwitch: {
          isBlocked: () => {
            throw new Error('broken');
          },
        },
      },
    );
    expect([runs, evaluated]).toEqual([0, 0]);
    expect(text(result)).toMatch(/^Blocked by the ASCEND kill switch/);
  });

  it('a kill switch engaged during an approval wait blocks the approved call', async () => {
    let blocked = false;
    const rec = structuralClient(
      () => decision('pending'),
      () => {
        blocked = true;
        return decision('allowed');
      },
    );
    const { runs, result } = await run(rec, { killSwitch: { isBlocked: () => blocked } });
    expect(runs).toBe(0);
    expect(text(result)).toMatch(/^Blocked by the ASCEND kill switch/);
  });

  it('while waiting for approval, progress is sent for requests that asked for it, and stops after', async () => {
    const sent: Array<{ method: string; params: Record<string, unknown> }> = [];
    let release!: (d: AuthorizationDecision) => void;
    const rec = structuralClient(
      () => decision('pending'),
      () => new Promise<AuthorizationDecision>((resolve) => (release = resolve)),
    );
    const extra = { _meta: { progressToken: 'tok-1' }, sendNotification: async (n: (typeof sent)[number]) => void sent.push(n) };
    const pendingRun = run(rec, { approvalProgressIntervalMs: 1 }, extra);
    await vi.waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(2));
    release(decision('allowed'));
    const { runs } = await pendingRun;
    expect(runs).toBe(1);
    expect(sent[0]).toEqual({
      method: 'notifications/progress',
      params: { progressToken: 'tok-1', progress: 1, message: 'Waiting for human approval in ASCEND (action 77)' },
    });
    expect(sent.map((n) => n.params['progress'])).toEqual(sent.map((_n, i) => i + 1));
    const countAtReturn = sent.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(sent.length).toBe(countAtReturn);
  });

  it('no progress without a progress token, or when turned off', async () => {
    const sent: unknown[] = [];
    const send = async (n: unknown) => void sent.push(n);
    await run(
      structuralClient(() => decision('pending')),
      { approvalProgressIntervalMs: 1 },
      { sendNotification: send },
    );
    await run(
      structuralClient(() => decision('pending')),
      { approvalProgressIntervalMs: false },
      { _meta: { progressToken: 1 }, sendNotification: send },
    );
    expect(sent).toEqual([]);
  });

  it('the token in authInfo never reaches ASCEND; the client id does', async () => {
    const seen: unknown[] = [];
    const rec = structuralClient(() => decision('allowed'));
    rec.client.evaluateAction = async (request) => {
      seen.push(request);
      return decision('allowed');
    };
    await run(rec, {}, { requestId: 9, sessionId: 's-1', authInfo: { token: 'oauth-token-xyz', clientId: 'claude-desktop', scopes: [] } });
    expect(JSON.stringify(seen)).not.toContain('oauth-token-xyz');
    expect(seen[0]).toMatchObject({ context: { mcp_client_id: 'claude-desktop', mcp_session_id: 's-1', mcp_request_id: '9' } });
  });
});

describe('configuration', () => {
  const rec = structuralClient(() => decision('allowed'));
  const withMcp: GovernanceClient = { ...rec.client, evaluateMcpAction: async () => decision('allowed') };
  const handler = () => ok();
  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['unknown key (typo)', { onDeny: 'throw' }, 'onDeny'],
    ['missing tool name', { toolName: '' }, 'toolName'],
    ["endpoint 'mcp' without a server name", { serverName: undefined, endpoint: 'mcp' }, 'serverName'],
    ['bad endpoint', { endpoint: 'rest' }, 'endpoint'],
    ['bad blockAs', { blockAs: 'ignore' }, 'blockAs'],
    ['zero approval timeout', { approvalTimeoutMs: 0 }, 'approvalTimeoutMs'],
    ['kill switch without a server identity', { serverName: undefined, killSwitch: { isBlocked: () => false } }, 'killSwitch'],
    ['bad string limit', { maxStringLength: -1 }, 'maxStringLength'],
    ['bad risk level', { riskLevel: 'extreme' }, 'riskLevel'],
  ];
  it.each(bad)('%s is rejected at wrap time, naming the field', (_name, patch, field) => {
    let error: unknown;
    try {
      governTool(withMcp, { ...base, ...patch }, handler);
    } catch (e) {
      error = e;
    }
    expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe(field);
  });

  it("endpoint 'mcp' needs a client with evaluateMcpAction", () => {
    expect(() => governTool(rec.client, { ...base, endpoint: 'mcp' }, handler)).toThrow(/evaluateMcpAction/);
  });

  it('withGovernance applies defaults and merges metadata', async () => {
    const seen: unknown[] = [];
    const client: GovernanceClient = {
      ...rec.client,
      evaluateAction: async (request) => {
        seen.push(request);
        return decision('allowed');
      },
    };
    const govern = withGovernance(client, { serverName: 'crm', logger: silentLogger, metadata: { team: 'a' } });
    await govern({ toolName: 'lookup', metadata: { ticket: 'T-1' } }, () => ok())({ id: 3 }, EX);
    expect(seen[0]).toMatchObject({ actionType: 'mcp.lookup', resource: 'crm', parameters: { id: 3 }, context: { metadata: { team: 'a', ticket: 'T-1' } } });
  });
});

describe('logging', () => {
  it('callback failures are logged masked, through the given logger', async () => {
    const records: LogRecord[] = [];
    const rec = structuralClient(() => decision('allowed'));
    await governTool(
      rec.client,
      {
        ...base,
        logger: { log: (r) => records.push(r) },
        onDecision: () => {
          throw new Error('leaked sk_live_abcdefgh12345 in a callback');
        },
      },
      () => ok(),
    )({}, EX);
    const line = JSON.stringify(records);
    expect(records.some((r) => r.message === 'onDecision callback threw; ignored')).toBe(true);
    expect(line).not.toContain('sk_live_abcdefgh12345');
  });
});
