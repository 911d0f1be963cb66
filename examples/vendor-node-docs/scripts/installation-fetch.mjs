// The vendor docs site, "Node.js Integration" (installation.md), Quick Start "Option 1: Native
// Fetch", as a user runs it: `node scripts/installation-fetch.mjs`. Plain fetch against the
// service, no SDK. Changed from the page: TypeScript-only syntax (the two interfaces and the
// annotations) removed. OWKAI_API_URL and OWKAI_API_KEY come from the environment, as on the page.
const ASCEND_API_URL = process.env.OWKAI_API_URL || 'https://pilot.owkai.app';
const ASCEND_API_KEY = process.env.OWKAI_API_KEY;

async function submitAction(action) {
  const response = await fetch(`${ASCEND_API_URL}/api/v1/actions/submit`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${ASCEND_API_KEY}`,
    },
    body: JSON.stringify(action),
  });

  if (!response.ok) {
    const error = await response.json();
    throw new Error(error.detail || `HTTP ${response.status}`);
  }

  return response.json();
}

// Usage
const result = await submitAction({
  agent_id: 'my-agent-001',
  agent_name: 'My AI Agent',
  action_type: 'data_access',
  resource: 'customer_database',
});

console.log(`Status: ${result.status}, Risk: ${result.risk_score}`);
