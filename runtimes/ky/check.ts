/**
 * `@ascend/ky` on a fetch-based runtime: one governed call per outcome, through the built
 * packages (`@ascend/browser` for the client, `@ascend/ky` with ky 1 or ky 2, bundled by
 * ky.test.ts). Prints one JSON line per check: `{"ky":"<check>","ok":true|false,"detail":"…"}`.
 * Never calls `exit`: every client is closed, so the process ends by itself.
 */
import { AscendClient, isAscendError, silentLogger } from '@ascend/browser';
import { governedKy, isApprovalPendingError } from '@ascend/ky';

interface Config {
  /** The dev server. */
  baseUrl: string;
  apiKey: string;
  /** The HTTP API the agent calls. */
  target: string;
  /** A port nothing listens on. */
  closedPort: number;
}

const runtime = globalThis as unknown as { Deno?: { args: string[] }; process?: { argv: string[] } };
const config = JSON.parse(runtime.Deno?.args[0] ?? runtime.process?.argv[2] ?? '{}') as Config;
const closed = `http://127.0.0.1:${config.closedPort}`;
const base = { apiKey: config.apiKey, agentId: 'ky-bot', logger: silentLogger, env: {}, approvals: { pollIntervalMs: 10, timeoutMs: 5000 } } as const;
const client = new AscendClient({ ...base, baseUrl: config.baseUrl });
const down = new AscendClient({ ...base, baseUrl: closed, retry: { maxRetries: 0 } });
const downOpen = new AscendClient({ ...base, baseUrl: closed, retry: { maxRetries: 0 }, failMode: 'open' });

const api = governedKy(client);
const waiting = governedKy(client, { waitForApproval: true });

function line(check: string, ok: boolean, detail: string): void {
  console.log(JSON.stringify({ ky: check, ok, detail }));
}

function describe(error: unknown): string {
  if (isAscendError(error)) return `${error.name} ${error.code}`;
  return error instanceof Error ? error.name : String(error);
}

async function check(name: string, run: () => Promise<string>): Promise<void> {
  try {
    const detail = await run();
    line(name, true, detail);
  } catch (error) {
    line(name, false, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

/** Runs `call`, which must reject; returns the rejection. */
async function refused(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('the call went through');
    },
    (error: unknown) => error,
  );
}

function expect(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

try {
  await check('allowed', async () => {
    const body = await api.get(`${config.target}/ok?token=s3cret`).json();
    expect(JSON.stringify(body) === '{"ok":true}', `unexpected body ${JSON.stringify(body)}`);
    return 'sent, 200';
  });
  await check('denied', async () => {
    const error = await refused(api.delete(`${config.target}/denied`));
    expect(isAscendError(error, 'ACTION_DENIED') && !isApprovalPendingError(error), `got ${describe(error)}`);
    return describe(error);
  });
  // The test arms an approval for the first pending action, this one.
  await check('pending-approved', async () => {
    const response = await waiting.patch(`${config.target}/approved`, { json: { a: 1 } });
    expect(response.status === 200, `status ${response.status}`);
    return 'waited, approved, sent';
  });
  await check('pending', async () => {
    const error = await refused(api.patch(`${config.target}/pending`));
    expect(isApprovalPendingError(error), `got ${describe(error)}`);
    return describe(error);
  });
  await check('http-error', async () => {
    const error = await refused(api.get(`${config.target}/fail`, { retry: 0 }));
    expect(error instanceof Error && error.name === 'HTTPError', `got ${describe(error)}`);
    return 'HTTPError 500';
  });
  await check('network-error', async () => {
    const error = await refused(api.post(`${closed}/refunds`, { json: { amount: 5 } }));
    expect(error instanceof Error && !isAscendError(error), `got ${describe(error)}`);
    return describe(error);
  });
  await check('retries', async () => {
    const response = await api.get(`${config.target}/flaky/2`, { retry: { limit: 3, delay: () => 1 } });
    expect(response.status === 200, `status ${response.status}`);
    return 'two 503s, then 200';
  });
  await check('unavailable-closed', async () => {
    const error = await refused(governedKy(down).get(`${config.target}/unavailable`));
    expect(isAscendError(error, 'GOVERNANCE_UNAVAILABLE'), `got ${describe(error)}`);
    return describe(error);
  });
  await check('fail-open', async () => {
    const response = await governedKy(downOpen).get(`${config.target}/fail-open`);
    expect(response.status === 200, `status ${response.status}`);
    return 'sent under fail-open';
  });
  await check('kill-switch', async () => {
    // An ungoverned call to the test's control route turns the kill switch on.
    await fetch(`${config.target}/control/kill-switch`, { method: 'POST' }).then((r) => r.body?.cancel());
    await client.getKillSwitchStatus();
    const error = await refused(api.get(`${config.target}/killed`));
    expect(isAscendError(error, 'KILL_SWITCH_ACTIVE'), `got ${describe(error)}`);
    return describe(error);
  });
} finally {
  await Promise.all([client.close(), down.close(), downOpen.close()]);
}
