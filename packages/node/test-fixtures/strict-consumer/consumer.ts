// A project with the strictest module settings (no esModuleInterop, no skipLibCheck) that uses the
// built package's types: the published .d.ts files must compile here.
import { AscendClient, FileSpoolStore, nodeHttpSend } from '../../dist/index.js';

const client = new AscendClient({ apiKey: 'k', env: {}, reportSpool: { store: new FileSpoolStore({ directory: '/tmp/spool' }) } });
export const send = nodeHttpSend({});
export const ready: Promise<void> = client.close();
