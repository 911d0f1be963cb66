// The vendor's README "Quick Start", as a user runs it: `node scripts/quickstart.mjs`.
// Changed from the vendor's text: the import path ('@ascend/sdk' -> '@ascend/node/compat'),
// TypeScript-only syntax removed, and `executeDatabaseQuery` (the reader's own function) defined.
// The service URL comes from ASCEND_API_URL (the vendor's client reads it too).
import { AscendClient, FailMode, Decision } from '@ascend/node/compat';

const executeDatabaseQuery = async () => [{ id: 1 }, { id: 2 }, { id: 3 }];

// Initialize client
const client = new AscendClient({
  apiKey: 'owkai_your_api_key',
  agentId: 'agent-001',
  agentName: 'My AI Agent',
  failMode: FailMode.CLOSED, // Block on ASCEND unreachable
});

// Register agent (call once on startup)
await client.register({
  agentType: 'automation',
  capabilities: ['data_access', 'file_operations'],
  allowedResources: ['production_db', '/var/log/*'],
});

// Evaluate action before execution
const decision = await client.evaluateAction({
  actionType: 'database.query',
  resource: 'production_db',
  parameters: { query: 'SELECT * FROM users WHERE active = true' },
});

if (decision.decision === Decision.ALLOWED) {
  // Execute your action
  const result = await executeDatabaseQuery();

  // Log completion
  await client.logActionCompleted(
    decision.actionId,
    { rowsReturned: result.length },
    150, // duration in ms
  );
  console.log(`completed ${decision.actionId} rows=${result.length}`);
} else if (decision.decision === Decision.DENIED) {
  console.log(`Action denied: ${decision.reason}`);
  console.log(`Policy violations: ${decision.policyViolations}`);
} else if (decision.decision === Decision.PENDING) {
  console.log(`Awaiting approval from: ${decision.requiredApprovers}`);
}

// Not in the vendor's snippet: deliver pending reports and let the process end.
await client.close();
