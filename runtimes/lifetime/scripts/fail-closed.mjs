// Scenarios "refused" and "hang": the service cannot answer (a closed port, or a server that
// accepts and never answers). Fail mode is closed, so evaluateAction throws
// GOVERNANCE_UNAVAILABLE and the handler below runs: it reports that it ran and sets exit
// code 3 ("blocked"), so a silent exit 0 can never pass for it.
// Written as a user writes it (ESM, top-level await); the suite derives the CommonJS and the
// plain main() shapes from this file. Never calls process.exit: it must end by itself.
import { AscendClient, isAscendError } from '@ascend/node';

const config = JSON.parse(process.argv[2] ?? '{}');
const report = (fields) => console.log(JSON.stringify({ lifetime: 'fail-closed', ...fields }));

const client = new AscendClient({
  baseUrl: config.baseUrl,
  apiKey: config.apiKey,
  agentId: 'lifetime-bot',
  env: {},
  failMode: 'closed',
  ...config.clientOptions,
});
const started = Date.now();
try {
  const decision = await client.evaluateAction({ actionType: 'lifetime.unavailable', resource: 'lifetime_db', parameters: { run: config.run } });
  report({ outcome: `decision:${decision.decision}`, elapsedMs: Date.now() - started });
} catch (error) {
  if (isAscendError(error, 'GOVERNANCE_UNAVAILABLE')) {
    // The fail-closed handler: the action does not run.
    report({ outcome: 'blocked', code: error.code, cause: isAscendError(error.cause) ? error.cause.code : undefined, elapsedMs: Date.now() - started });
    process.exitCode = 3;
  } else {
    report({ outcome: 'error', code: isAscendError(error) ? error.code : String(error), elapsedMs: Date.now() - started });
    process.exitCode = 1;
  }
} finally {
  await client.close();
}
