// Scenario "spool", process B: a new process with the same spool directory and the service up
// delivers what process A kept, with its original idempotency key.
// Written as a user writes it (ESM, top-level await); the suite derives the CommonJS and the
// plain main() shapes from this file. Never calls process.exit: it must end by itself.
import { AscendClient, FileSpoolStore, isAscendError } from '@ascend/node';

const config = JSON.parse(process.argv[2] ?? '{}');
const report = (fields) => console.log(JSON.stringify({ lifetime: 'spool-deliver', ...fields }));

const client = new AscendClient({
  baseUrl: config.baseUrl,
  apiKey: config.apiKey,
  agentId: 'lifetime-bot',
  env: {},
  reportSpool: { store: new FileSpoolStore({ directory: config.directory }) },
  ...config.clientOptions,
});
try {
  await client.flushReports();
  const left = client.status().spoolSize;
  report({ outcome: left === 0 ? 'flushed' : 'still-spooled', left });
} catch (error) {
  report({ outcome: 'error', code: isAscendError(error) ? error.code : String(error) });
  process.exitCode = 1;
} finally {
  await client.close();
}
