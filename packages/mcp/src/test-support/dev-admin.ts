/**
 * Test helpers for a dev server (`ascend-dev`) embedded in the test process: polling until a
 * condition holds, and calls to its admin API (the reviewer's side of an approval).
 */
import type { DevServer } from '@ascend/dev-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value (not `undefined`); fails after about 20 s. */
export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 800; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Calls the dev server's admin API and returns its JSON answer; a non-2xx answer throws. */
export async function admin<T>(server: DevServer, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The action id of the oldest pending approval, once there is one. */
export function pendingActionId(server: DevServer): Promise<number> {
  return until(
    async () => (await admin<{ approvals: Array<{ action_id: number }> }>(server, 'GET', '/_admin/pending')).approvals[0]?.action_id,
    'a pending approval',
  );
}
