/**
 * The outcome table (GOVERNED_OUTCOMES) through LangChain's real agent loop (`createAgent` with
 * the fake tool-calling model): the governed tool, the middleware and the callback handler. For
 * each outcome: whether the tool body ran, what the model saw next, and what ASCEND recorded.
 */
import { silentLogger } from '@ascend/core';
import { GOVERNED_OUTCOMES, OUTCOME_APPROVAL_TIMEOUT_MS, type GovernedOutcomeScenario } from '@ascend/testing';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { describe, expect, it } from 'vitest';
import { AscendCallbackHandler, ascendMiddleware, governTool, pendingApprovals, type LangChainGovernanceOptions } from './index.js';
import { refundTool, scriptedModel, text, toolMessages, type Counter } from './test-support/agent.js';

const timing: LangChainGovernanceOptions = { logger: silentLogger, approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS, approvalPollIntervalMs: 10 };

type Path = 'governTool' | 'ascendMiddleware' | 'AscendCallbackHandler';

async function runAgent(path: Path, scenario: GovernedOutcomeScenario) {
  const client = scenario.client();
  const counter: Counter = { runs: 0, args: [] };
  const model = scriptedModel();
  const refund = refundTool(counter);
  const agent =
    path === 'governTool'
      ? createAgent({ model, tools: [governTool(client, refund, { ...timing, resource: (a) => `orders/${String(a['orderId'])}` })] })
      : path === 'ascendMiddleware'
        ? createAgent({ model, tools: [refund], middleware: [ascendMiddleware(client, timing)] })
        : createAgent({ model, tools: [refund] });
  const callbacks = path === 'AscendCallbackHandler' ? [new AscendCallbackHandler(client, timing)] : [];
  const result = await agent.invoke({ messages: [{ role: 'user', content: 'refund order o-17' }] }, { configurable: { thread_id: 'thread-7' }, callbacks });
  return { client, counter, model, result };
}

for (const path of ['governTool', 'ascendMiddleware', 'AscendCallbackHandler'] as const) {
  describe(`the outcome table through createAgent: ${path}`, () => {
    for (const scenario of GOVERNED_OUTCOMES) {
      it(`${scenario.name}: ${scenario.expected.runs ? 'runs' : `blocked (${scenario.expected.block})`}`, async () => {
        const { client, counter, model, result } = await runAgent(path, scenario);
        try {
          // The tool body ran exactly when the table says so.
          expect(counter.runs).toBe(scenario.expected.runs ? 1 : 0);
          const message = toolMessages(result.messages).get('call_1');
          expect(message).toBeDefined();
          // What the model saw: its second call got the tool message.
          expect(model.callCount).toBe(2);
          const seen = model.calls[1]!.messages.map(text);
          expect(seen).toContain(text(message));
          if (scenario.expected.runs) {
            expect(text(message)).toBe('refunded 40 on o-17');
            expect(message!.status).not.toBe('error');
          } else {
            expect(message!.status).toBe('error');
            expect(text(message)).not.toContain('sk-live');
            expect(text(message)).not.toBe('');
            if (path === 'AscendCallbackHandler') {
              // The only way a callback stops a tool is an error: the tool node shows it to the model.
              expect(text(message)).toMatch(/^GovernedToolBlockedError: /);
            } else {
              expect(message!.artifact).toMatchObject({ ascend: { blocked: scenario.expected.block } });
            }
          }
          // What ASCEND recorded.
          const completed = client.executions.filter((e) => e.kind === 'completed');
          expect(completed.length).toBe(scenario.expected.completionRecorded ? 1 : 0);
          for (const action of client.actions) {
            expect(action.request.context).toMatchObject({
              source: 'langchain',
              tool_name: 'refund',
              langchain_tool_call_id: 'call_1',
              langgraph_thread_id: 'thread-7',
            });
            expect(action.request.actionType).toBe('langchain.tool.refund');
            expect(JSON.stringify(action.request)).not.toContain('sk-live');
          }
          if (scenario.expected.runs && !scenario.expected.failOpen) expect(client.actions.length).toBe(1);
        } finally {
          await client.close();
        }
      });
    }
  });
}

for (const via of ['governTool', 'ascendMiddleware'] as const) {
  describe(`the outcome table with approval: 'interrupt' (${via}, MemorySaver, resumed with approve)`, () => {
    for (const scenario of GOVERNED_OUTCOMES) {
      it(`${scenario.name}: ${scenario.expected.runs ? 'runs' : `blocked (${scenario.expected.block})`}`, async () => {
        const client = scenario.client();
        const counter: Counter = { runs: 0, args: [] };
        const model = scriptedModel();
        const options: LangChainGovernanceOptions = { ...timing, approval: 'interrupt' };
        const agent =
          via === 'governTool'
            ? createAgent({ model, tools: [governTool(client, refundTool(counter), options)], checkpointer: new MemorySaver() })
            : createAgent({ model, tools: [refundTool(counter)], middleware: [ascendMiddleware(client, options)], checkpointer: new MemorySaver() });
        const config = { configurable: { thread_id: `t-${scenario.name}` } };
        try {
          let result = await agent.invoke({ messages: [{ role: 'user', content: 'refund order o-17' }] }, config);
          const paused = pendingApprovals(result);
          // Only a pending decision pauses the run; nothing has run while it is paused.
          expect(paused.length).toBe(scenario.name === 'pending then approved' || scenario.name === 'rejected' || scenario.name === 'timed out' ? 1 : 0);
          if (paused.length > 0) {
            expect(counter.runs).toBe(0);
            result = await agent.invoke(new Command({ resume: 'approve' }), config);
          }
          expect(counter.runs).toBe(scenario.expected.runs ? 1 : 0);
          const message = toolMessages(result.messages).get('call_1');
          if (scenario.expected.runs) expect(text(message)).toBe('refunded 40 on o-17');
          else expect(message!.artifact).toMatchObject({ ascend: { blocked: scenario.expected.block } });
          expect(model.calls[1]!.messages.map(text)).toContain(text(message));
          expect(client.executions.filter((e) => e.kind === 'completed').length).toBe(scenario.expected.completionRecorded ? 1 : 0);
          if (!scenario.expected.failOpen) expect(client.actions.length).toBeLessThanOrEqual(1);
        } finally {
          await client.close();
        }
      });
    }
  });
}
