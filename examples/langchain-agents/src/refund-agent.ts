/**
 * The seed's customer-service agent ("Customer Service Agent": refunds with thresholds, PII
 * lookups) as a LangChain `createAgent` agent. Each tool is wrapped with `governTool`, with the
 * seed's action types, resources and risk indicators; the model decides which tool to call, and
 * ASCEND decides whether it runs.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { z } from 'zod';
import type { GovernanceClient } from '@ascend/governance';
import { governTool } from '@ascend/langchain';

/** What the refund tool did, for the caller's records (the seed's `RefundResult`). */
export interface RefundLedger {
  refunds: Array<{ refundId: string; orderId: string; amount: number }>;
}

/**
 * Builds the agent. `model` is any tool-calling chat model (`'openai:gpt-4.1'`, a `ChatAnthropic`,
 * or LangChain's `fakeModel()` in tests).
 */
export function createRefundAgent(ascend: GovernanceClient, model: BaseChatModel | string, ledger: RefundLedger = { refunds: [] }) {
  const processRefund = tool(
    async ({ orderId, amount }: { customerId: string; orderId: string; amount: number; currency: string; reason: string }) => {
      const refundId = `ref_${ledger.refunds.length + 1}`;
      ledger.refunds.push({ refundId, orderId, amount });
      return `Refund ${refundId} processed: ${amount} on ${orderId}`;
    },
    {
      name: 'process_refund',
      description: 'Refund a customer order',
      schema: z.object({ customerId: z.string(), orderId: z.string(), amount: z.number().positive(), currency: z.string(), reason: z.string() }),
    },
  );
  const lookupCustomer = tool(async ({ customerId }: { customerId: string }) => JSON.stringify({ customerId, name: 'John Doe', email: 'john@example.com' }), {
    name: 'lookup_customer',
    description: 'Look up a customer record (contains PII)',
    schema: z.object({ customerId: z.string() }),
  });

  const tools = [
    governTool(ascend, processRefund, {
      actionType: 'transaction.refund',
      resource: 'stripe_api',
      // The seed's thresholds: refunds above 100 are flagged for the policy.
      riskIndicators: (args) => ({ financial_data: true, amount_threshold: Number(args['amount']) > 100 ? 'exceeded' : 'normal' }),
      summarizeResult: () => ({ refunded: true }),
      approvalTimeoutMs: 120_000,
    }),
    governTool(ascend, lookupCustomer, { actionType: 'customer.lookup', resource: 'customer_db', riskIndicators: { pii_involved: true } }),
  ];
  return createAgent({
    model,
    tools,
    systemPrompt: 'You are a customer service agent. Refund damaged orders; look customers up only when needed.',
  });
}
