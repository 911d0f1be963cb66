import { createFakeAscend } from '@ascend/testing';
const BODY = JSON.stringify({ action_details: { amount: 42, currency: 'EUR', order_id: 'ord_4711' }, action_type: 'financial.refund', agent_id: 'bench-refund-bot', agent_name: 'Bench Refund Bot', context: { session_id: 's-bench' }, resource: 'stripe_api' });
const headers = { 'content-type': 'application/json', 'x-api-key': 'ascend_dev_local_key', authorization: 'Bearer ascend_dev_local_key', 'user-agent': 'x', host: '127.0.0.1:1', 'content-length': '200', connection: 'keep-alive' };
const listeners = process.argv[2] === 'l';
const fake = createFakeAscend();
if (listeners) { for (const e of ['action.submitted','action.decided','audit','change']) fake.on(e, () => {}); }
for (let block = 0; block < 8; block++) {
  const N = 5000;
  const t = performance.now(); const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await fake.handle({ method: 'POST', path: '/api/v1/actions/submit', headers, body: BODY });
  const c = process.cpuUsage(c0); console.log("block", block, ((performance.now() - t) * 1000 / N).toFixed(1), "µs wall", ((c.user + c.system) / N).toFixed(1), "µs cpu");
}
