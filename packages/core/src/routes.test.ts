/**
 * The route table: one name per operation (the client method that calls it), one route per
 * method and path, and paths built from templates with encoded parameters. The bytes each client
 * call sends are pinned by wire-conformance.test.ts; this checks the table itself.
 */
import { describe, expect, it } from 'vitest';
import { AscendClient } from './client.js';
import { isAscendError, type ValidationError } from './errors.js';
import { ADMIN_ROUTES, AGENT_ROUTES, ALIAS_ROUTES, OPERATION_NAMES, ROUTES, routeCall } from './routes.js';

function methodsOf(proto: object | null): Set<string> {
  const names = new Set<string>();
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const name of Object.getOwnPropertyNames(p)) names.add(name);
  }
  return names;
}

describe('route table', () => {
  it('names the 27 operations of reference §3.0, the v1 action list and the 25 of the 2.5.0 management surface, once each, agent operations first', () => {
    expect(OPERATION_NAMES).toHaveLength(53);
    expect(new Set(OPERATION_NAMES).size).toBe(53);
    expect(OPERATION_NAMES.slice(0, Object.keys(AGENT_ROUTES).length)).toEqual(Object.keys(AGENT_ROUTES));
    expect(Object.keys(AGENT_ROUTES).filter((name) => name in ADMIN_ROUTES)).toEqual([]);
  });

  it('names each operation after the client method that calls it (submitMcpAction is the endpoint behind evaluateMcpAction)', () => {
    const methods = methodsOf(AscendClient.prototype);
    expect(OPERATION_NAMES.filter((name) => !methods.has(name))).toEqual(['submitMcpAction']);
    expect(methods.has('evaluateMcpAction')).toBe(true);
  });

  it('has one route per method and path, the aliases included', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(ROUTES).toHaveLength(OPERATION_NAMES.length + ALIAS_ROUTES.length);
    for (const alias of ALIAS_ROUTES) expect(OPERATION_NAMES).toContain(alias.operation);
  });

  it('writes parameters as {name} segments and marks only body-carrying routes as signed', () => {
    for (const route of ROUTES) {
      expect(route.path).toMatch(/^\/[a-z0-9/{}A-Z-]*$/);
      for (const segment of route.path.split('/')) if (segment.includes('{')) expect(segment).toMatch(/^\{[a-zA-Z]+\}$/);
      if (route.signed !== undefined) expect(['POST', 'PUT']).toContain(route.method);
    }
  });

  it('builds a call with its parameters encoded, left to right, naming the bad one', () => {
    expect(routeCall(AGENT_ROUTES, 'ackCommand', { agentId: 'a/b c', commandId: 'cmd?1' })).toEqual({
      operation: 'ackCommand',
      method: 'POST',
      path: '/api/registry/agents/a%2Fb%20c/commands/cmd%3F1/ack',
    });
    expect(routeCall(ADMIN_ROUTES, 'getAuditLogs')).toEqual({ operation: 'getAuditLogs', method: 'GET', path: '/audit/logs' });
    for (const [params, field] of [
      [{ agentId: ' ', commandId: '' }, 'agentId'],
      [{ agentId: 'a', commandId: '' }, 'commandId'],
      [{ agentId: 'a' }, 'commandId'],
    ] as const) {
      let error: unknown;
      try {
        routeCall(AGENT_ROUTES, 'ackCommand', params);
      } catch (e) {
        error = e;
      }
      expect(isAscendError(error, 'VALIDATION_ERROR')).toBe(true);
      expect(Object.keys((error as ValidationError).fieldErrors)).toEqual([field]);
    }
  });
});
