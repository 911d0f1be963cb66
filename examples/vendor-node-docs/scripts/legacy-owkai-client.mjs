// The vendor SDK 2.0 README, "Legacy Client (v1.0)", as a user runs it:
// `node scripts/legacy-owkai-client.mjs`. Changed from the README: the import path
// ('@ascend/sdk' -> '@ascend/node/compat', with ActionType, which the snippet uses), the key
// from OWKAI_API_KEY instead of the 'your-api-key' placeholder (the service URL comes from
// OWKAI_API_URL, which the vendor's client reads too), and one line printing the decision.
import { OWKAIClient, ActionType } from '@ascend/node/compat';

const client = new OWKAIClient({
  apiKey: process.env.OWKAI_API_KEY,
});

const decision = await client.submitAction({
  agentId: 'agent-001',
  agentName: 'My Agent',
  actionType: ActionType.DATA_ACCESS,
  resource: 'customer_data',
});

console.log(`decision ${decision.actionId} ${decision.decision} executionAllowed=${decision.executionAllowed}`);
