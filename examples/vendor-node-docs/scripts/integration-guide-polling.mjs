// The vendor's integration guide (SDK_GUIDE.md), "Polling for Approval", JavaScript, as a user
// runs it: `node scripts/integration-guide-polling.mjs`. Changed from the guide: the import of
// '@ascend/sdk' became '@ascend/node/compat'; the key and URL come from the environment
// (OWKAI_API_KEY, OWKAI_API_URL) instead of the guide's placeholders; the guide's `{...}` request
// is filled in from its Python block; the poll is 1 s instead of 5 s. No close() call: the
// process ends by itself once the decision is in.
import { AscendClient } from '@ascend/node/compat';

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
