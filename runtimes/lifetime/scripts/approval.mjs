// Scenario "approval": a pending decision, then a human approves it through the dev server's
// admin API while this process waits. Prints the decision it got.
// Written as a user writes it (ESM, top-level await); the suite derives the CommonJS and the
// plain main() shapes from this file. Never calls process.exit: it must end by itself.
import { AscendClient, isAscendError } from '@ascend/node';

const config = JSON.parse(process.argv[2] ?? '{}');
const report = (fields) => console.log(JSON.stringify({ lifetime: 'approval', ...fields }));

const client = new AscendClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, agentId: 'lifetime-bot', env: {}, ...config.clientOptions });
try {
  const decision = await client.evaluateAction(
    { actionType: 'lifetime.approval', resource: 'lifetime_db', parameters: { run: config.run } },
    { waitForApproval: true, approvalTimeoutMs: config.approvalTimeoutMs, pollIntervalMs: config.pollIntervalMs },
  );
  report({ outcome: decision.decision, actionId: decision.actionId });
} catch (error) {
  report({ outcome: 'error', code: isAscendError(error) ? error.code : String(error) });
  process.exitCode = 1;
} finally {
  await client.close();
}
