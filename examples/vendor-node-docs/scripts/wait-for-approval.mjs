// The vendor docs site, "Client Configuration" (client-configuration.md), "Wait for Approval",
// with the decision switch of "Agent Actions" (agent-actions.md, "Wait for Decision"), as a user
// runs it: `node scripts/wait-for-approval.mjs`. Changed from the pages: the import of
// './ascend-client' became '@ascend/node/compat/rest-client'. `new AscendClient()` reads
// OWKAI_API_KEY and OWKAI_API_URL, as the page's client does. No close() call: the process ends
// by itself once the decision is in.
import AscendClient from '@ascend/node/compat/rest-client';

const client = new AscendClient();

const result = await client.submitAction({
  agent_id: 'high-risk-agent',
  agent_name: 'Financial Agent',
  action_type: 'transaction',
  resource: 'bank_account',
  action_details: { amount: 50000 },
});

if (result.status === 'pending_approval') {
  console.log('Waiting for human approval...');
  const finalResult = await client.waitForDecision(result.id, 120000);
  console.log(`Final decision: ${finalResult.decision}`);

  switch (finalResult.decision) {
    case 'approved':
      console.log('Action approved - proceeding');
      // Execute the action
      break;
    case 'denied':
      console.log(`Action denied: ${finalResult.reason}`);
      break;
    case 'timeout':
      console.log('No decision received in time');
      break;
  }
}
