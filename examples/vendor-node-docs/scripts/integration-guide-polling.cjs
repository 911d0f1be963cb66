// The same integration-guide polling example as integration-guide-polling.mjs, written the
// CommonJS way users of older setups do: `require` and a plain `main()` with no top-level await.
// No close() call: the process must end by itself once the decision is in.
const { AscendClient } = require('@ascend/node/compat');

async function main() {
  const client = new AscendClient({ apiKey: process.env.OWKAI_API_KEY, baseUrl: process.env.OWKAI_API_URL });

  const result = await client.evaluateAction({
    agentId: 'finance-agent-001',
    actionType: 'financial.transfer',
    toolName: 'bank_transfer',
    description: 'Transfer $50,000 to vendor account',
  });

  if (result.requiresApproval) {
    console.log(`Action ${result.actionId} pending approval`);

    const decision = await client.waitForDecision(result.actionId, { timeout: 300, pollInterval: 1 });

    if (decision.approved) {
      console.log('Action approved, proceeding...');
    } else {
      console.log(`Action denied: ${decision.rejectionReason}`);
    }
  }
}

main();
