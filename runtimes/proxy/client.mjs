// Child process of proxy.test.ts: governed calls with @ascend/node's default HTTP path
// (node:http), under whatever proxy configuration the parent gave this Node process.
// Usage: node client.mjs <baseUrl> [switch]. Prints each decision as one JSON line. With
// `switch`, makes one call, then turns Node's global proxy on with http.setGlobalProxyFromEnv()
// (Node versions that have it), then makes a second call.
import http from 'node:http';
import { AscendAgentClient } from '@ascend/node';

const [baseUrl = '', mode] = process.argv.slice(2);
const client = new AscendAgentClient({ apiKey: 'proxy-test-key', baseUrl, env: {}, retry: { maxRetries: 0 } });
const call = async () => {
  const decision = await client.evaluateAction({ actionType: 'proxy.check', resource: 'proxy_test' });
  console.log(JSON.stringify({ decision: decision.decision, actionId: decision.actionId }));
};
try {
  await call();
  if (mode === 'switch') {
    if (typeof http.setGlobalProxyFromEnv !== 'function') throw new Error('this Node has no http.setGlobalProxyFromEnv');
    http.setGlobalProxyFromEnv();
    await call();
  }
} finally {
  await client.close();
}
