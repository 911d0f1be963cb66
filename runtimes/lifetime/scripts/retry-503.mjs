// Scenario "retry-503": the first request is answered 503 (with Retry-After) by a fault proxy,
// the next one reaches the service. Prints the decision of the retried call.
// Written as a user writes it (ESM, top-level await); the suite derives the CommonJS and the
// plain main() shapes from this file. Never calls process.exit: it must end by itself.
import { AscendClient, isAscendError } from '@ascend/node';

const config = JSON.parse(process.argv[2] ?? '{}');
const report = (fields) => console.log(JSON.stringify({ lifetime: 'retry-503', ...fields }));

const client = new AscendClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, agentId: 'lifetime-bot', env: {}, ...config.clientOptions });
try {
  const decision = await client.evaluateAction({ actionType: 'lifetime.retry', resource: 'lifetime_db', parameters: { run: config.run } });
  report({ outcome: decision.decision, actionId: decision.actionId });
} catch (error) {
  report({ outcome: 'error', code: isAscendError(error) ? error.code : String(error) });
  process.exitCode = 1;
} finally {
  await client.close();
}
