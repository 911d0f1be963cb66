// A project with the strictest module settings (no esModuleInterop, no skipLibCheck) that uses the
// built package's types: the published .d.ts files must compile here.
import { AscendClient as CompatClient, FailMode, mcpGovernance } from '../../dist/compat.js';
import { AscendClient, FileSpoolStore, nodeHttpSend } from '../../dist/index.js';

const client = new AscendClient({ apiKey: 'k', env: {}, reportSpool: { store: new FileSpoolStore({ directory: '/tmp/spool' }) } });
export const send = nodeHttpSend({});
export const ready: Promise<void> = client.close();

// The compatibility entry's declarations, under the same settings.

const compat = new CompatClient({ apiKey: 'k', agentId: 'a', agentName: 'A', failMode: FailMode.CLOSED, circuitBreakerOptions: { recoveryTimeout: 30 } });
export const governed = mcpGovernance(compat, { actionType: 'database.query', resource: 'db' })(async (sql: string) => sql.length);
export const compatClosed: Promise<void> = compat.close();
