// Scenario "spool", process A: a completion report made while the service is down. The durable
// report spool (FileSpoolStore in config.directory) keeps it; the process then ends by itself.
// Written as a user writes it (ESM, top-level await); the suite derives the CommonJS and the
// plain main() shapes from this file. Never calls process.exit: it must end by itself.
import { AscendClient, FileSpoolStore, isAscendError } from '@ascend/node';

const config = JSON.parse(process.argv[2] ?? '{}');
const report = (fields) => console.log(JSON.stringify({ lifetime: 'spool-outage', ...fields }));

const client = new AscendClient({
  baseUrl: config.baseUrl,
  apiKey: config.apiKey,
  agentId: 'lifetime-bot',
  env: {},
  reportSpool: { store: new FileSpoolStore({ directory: config.directory }) },
  ...config.clientOptions,
});
try {
  const receipt = await client.logActionCompleted(config.actionId, { durationMs: 5, result: { run: config.run } });
  report({ outcome: receipt.delivered ? 'delivered' : receipt.spooled ? 'spooled' : 'lost', error: receipt.error?.code });
} catch (error) {
  report({ outcome: 'error', code: isAscendError(error) ? error.code : String(error) });
  process.exitCode = 1;
} finally {
  await client.close();
}
