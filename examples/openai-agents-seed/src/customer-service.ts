/**
 * The seed's customer-service agent: refunds whose risk grows with the amount, and customer
 * lookups, as governed OpenAI Agents SDK tools. ASCEND decides each call; a refund a human must
 * approve pauses the run (an SDK interruption) until the reviewer in ASCEND decides.
 */
import type { AscendClient } from '@ascend/node';
import { governedTool } from '@ascend/openai-agents';
import { Agent, run, type Model } from '@openai/agents';
import { z } from 'zod';

/** What the agent did, for the caller and the tests. */
export interface CustomerServiceLog {
  refunds: { orderId: string; amount: number }[];
  lookups: string[];
}

/** Builds the agent: `process_refund` (risk indicators from the amount) and `lookup_customer`. */
export function customerServiceAgent(client: AscendClient, model: Model, log: CustomerServiceLog): Agent {
  const processRefund = governedTool(
    client,
    {
      name: 'process_refund',
      description: 'Refund a customer order',
      parameters: z.object({ customerId: z.string(), orderId: z.string(), amount: z.number().positive(), reason: z.string() }),
      execute: ({ orderId, amount }) => {
        log.refunds.push({ orderId, amount });
        return `Refunded ${amount.toFixed(2)} on ${orderId} (transaction txn_${orderId})`;
      },
    },
    {
      actionType: 'transaction.refund',
      resource: 'stripe_api',
      // As in the seed: the amount decides the risk hints; ASCEND's policies decide the outcome.
      riskIndicators: (a) => ({ amount: a.amount, customer_id: a.customerId, high_value: a.amount > 500, requires_review: a.amount > 1000 }),
      metadata: { team: 'customer-service' },
      approvalPollIntervalMs: 100,
    },
  );
  const lookupCustomer = governedTool(
    client,
    {
      name: 'lookup_customer',
      description: 'Read a customer record',
      parameters: z.object({ customerId: z.string() }),
      execute: ({ customerId }) => {
        log.lookups.push(customerId);
        return JSON.stringify({ id: customerId, tier: 'gold', email: 'c***@example.com' });
      },
    },
    { actionType: 'customer.lookup', resource: 'crm_database', riskIndicators: { pii_involved: true, data_classification: 'confidential' } },
  );
  return new Agent({ name: 'customer-service', instructions: 'Help customers with refunds.', model, tools: [lookupCustomer, processRefund] });
}

/**
 * Runs one conversation to the end: when ASCEND holds a refund for a human, the run pauses; the
 * application approves the SDK interruption (the chat's "continue"), and ASCEND's reviewer has
 * the last word on the resumed run.
 */
export async function handleRequest(agent: Agent, prompt: string): Promise<{ output: string; interruptions: number }> {
  let result = await run(agent, prompt);
  let interruptions = 0;
  while (result.interruptions.length > 0) {
    interruptions += result.interruptions.length;
    for (const item of result.interruptions) result.state.approve(item);
    result = await run(agent, result.state);
  }
  return { output: String(result.finalOutput ?? ''), interruptions };
}
