/**
 * The vendor docs site's "Error Handling" page (`error-handling.md`), replayed with the real
 * `axios` package against `@ascend/node/compat/rest-client` and `ascend-dev` over real HTTP (so
 * connection failures are the operating system's). The page classifies failures with
 * `axios.isAxiosError(e)`, `e.response?.status`, `e.response?.data?.detail` and `e.code`; the
 * compat errors carry exactly those, stay instances of their compat classes, and carry no key and
 * no header. Adaptations are marked: the environment the page's client reads, a logger spy, and
 * the reader's `action`.
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { silentLogger } from '@ascend/node';
import { AuthenticationError, ConnectionError, OWKAIError, TimeoutError, ValidationError } from '@ascend/node/compat';
import AscendClient, { type AgentAction } from '@ascend/node/compat/rest-client';
import axios, { type AxiosError } from 'axios';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const KEY = 'owkai_live_k3y_that_must_never_leak_0123456789';
let server: DevServer;
const clients: AscendClient[] = [];

beforeAll(async () => {
  server = await startDevServer({ port: 0, host: '127.0.0.1', apiKeys: [KEY], logger: silentLogger });
});
afterAll(() => server?.close());
beforeEach(() => {
  // Adaptation: the environment the page's client reads points at ascend-dev.
  vi.stubEnv('OWKAI_API_KEY', KEY);
  vi.stubEnv('OWKAI_API_URL', server.url);
  vi.stubEnv('ASCEND_API_KEY', '');
  vi.stubEnv('ASCEND_API_URL', '');
});
afterEach(async () => {
  server.fake.faults.clear();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function newClient(config?: ConstructorParameters<typeof AscendClient>[0]): AscendClient {
  const client = new AscendClient(config);
  clients.push(client);
  return client;
}

// Adaptation: the reader's `action`.
const action: AgentAction = { agent_id: 'support-bot', agent_name: 'Support Bot', action_type: 'data_access', resource: 'tickets' };

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe('HTTP Errors', () => {
  /** The page's block, around `client.submitAction(action)` (or another call); returns what it logged. */
  async function httpErrorsBlock(client: AscendClient, call: (c: AscendClient) => Promise<unknown> = (c) => c.submitAction(action)): Promise<unknown[][]> {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const result = await call(client);
      void result;
    } catch (error) {
      if (axios.isAxiosError(error)) {
        const axiosError = error as AxiosError<{ detail: string }>;

        switch (axiosError.response?.status) {
          case 400:
            console.error('Bad Request:', axiosError.response.data.detail);
            break;
          case 401:
            console.error('Authentication failed - check your API key');
            break;
          case 403:
            console.error('Access forbidden - check permissions');
            break;
          case 404:
            console.error('Resource not found');
            break;
          case 429:
            console.error('Rate limited - wait before retrying');
            break;
          case 500:
            console.error('Server error:', axiosError.response.data.detail);
            break;
          default:
            console.error('HTTP error:', axiosError.message);
        }
      } else {
        console.error('Unexpected error:', error);
      }
    }
    const calls = logged.mock.calls.map((c) => [...c]);
    logged.mockRestore();
    return calls;
  }

  it("401, 404, 429 and 500 take the page's branches; the errors stay compat classes", async () => {
    vi.stubEnv('OWKAI_API_KEY', 'owkai_live_wrong_key');
    expect(await httpErrorsBlock(newClient())).toEqual([['Authentication failed - check your API key']]);
    vi.stubEnv('OWKAI_API_KEY', KEY);

    const client = newClient();
    expect(await httpErrorsBlock(client, (c) => c.getActionStatus(987654))).toEqual([['Resource not found']]);

    // Each failure case on a fresh client: repeated failures open a client's circuit breaker.
    server.fake.faults.inject({ kind: 'rate-limit', retryAfter: 0 }, { operation: 'submitAction' });
    expect(await httpErrorsBlock(newClient())).toEqual([['Rate limited - wait before retrying']]);
    server.fake.faults.clear();

    server.fake.faults.inject({ kind: 'server-error', status: 500, detail: 'database unavailable', retryAfter: 0 }, { operation: 'submitAction' });
    expect(await httpErrorsBlock(newClient())).toEqual([['Server error:', 'database unavailable']]);
    server.fake.faults.clear();

    const error: unknown = await newClient()
      .getActionStatus(987654)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OWKAIError);
    expect(error).toMatchObject({
      isAxiosError: true,
      code: 'ERR_BAD_REQUEST',
      status: 404,
      response: { status: 404, data: { detail: 'Action 987654 not found' } },
    });
  });

  it('a client-side validation error is a 422 with the fields, answered before any request', async () => {
    const before = server.fake.requests.length;
    const logged = await httpErrorsBlock(newClient(), (c) => c.submitAction({ ...action, resource: '' }));
    expect(logged).toEqual([['HTTP error:', expect.stringMatching(/resource/)]]);
    const error: unknown = await newClient()
      .submitAction({ ...action, resource: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ response: { status: 422, data: { errors: { resource: expect.any(String) } } }, code: 'ERR_BAD_REQUEST' });
    expect(server.fake.requests.length).toBe(before);
  });

  it('no error carries the API key or a header: JSON.stringify, util.inspect, the response', { timeout: 30_000 }, async () => {
    vi.stubEnv('OWKAI_API_KEY', `${KEY}_wrong`);
    const errors: unknown[] = [];
    errors.push(
      await newClient()
        .submitAction(action)
        .catch((e: unknown) => e),
    );
    vi.stubEnv('OWKAI_API_KEY', KEY);
    server.fake.faults.inject({ kind: 'server-error', status: 503, retryAfter: 0 }, { operation: 'submitAction' });
    errors.push(
      await newClient()
        .submitAction(action)
        .catch((e: unknown) => e),
    );
    server.fake.faults.clear();
    errors.push(
      await newClient({ baseUrl: `http://127.0.0.1:${await closedPort()}` })
        .submitAction(action)
        .catch((e: unknown) => e),
    );
    expect(errors.map((e) => (e as Error).name)).toEqual(['AuthenticationError', 'ConnectionError', 'ConnectionError']);
    for (const e of errors) {
      for (const text of [JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), JSON.stringify((e as AxiosError).response ?? null)]) {
        expect(text).not.toContain(KEY);
        expect(text.toLowerCase()).not.toMatch(/x-api-key|authorization: |bearer /);
      }
      expect(Object.keys((e as AxiosError).response ?? {}).sort()).toEqual((e as AxiosError).response ? ['data', 'status'] : []);
    }
  });
});

describe('Connection Errors', () => {
  /** The page's block, around `call`; returns what it logged. */
  async function connectionErrorsBlock(call: () => Promise<unknown>): Promise<unknown[][]> {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await call();
    } catch (error) {
      if (axios.isAxiosError(error)) {
        if (error.code === 'ECONNREFUSED') {
          console.error('Cannot connect to API server');
        } else if (error.code === 'ETIMEDOUT') {
          console.error('Connection timed out');
        } else if (error.code === 'ENOTFOUND') {
          console.error('DNS lookup failed - check API URL');
        }
      }
    }
    const calls = logged.mock.calls.map((c) => [...c]);
    logged.mockRestore();
    return calls;
  }

  // A refused connection is retried by the client (with backoff) before it reports: these take seconds.
  it("the page's own testConnection never throws (as the reference client's); a submit reports ECONNREFUSED and ETIMEDOUT", { timeout: 30_000 }, async () => {
    const down = newClient({ baseUrl: `http://127.0.0.1:${await closedPort()}` });
    // As on the page: the reference client's testConnection catches everything and answers { status: 'error' }.
    expect(await connectionErrorsBlock(() => down.testConnection())).toEqual([]);
    expect(await down.testConnection()).toEqual({ status: 'error' });
    // Adaptation: the same block around a submit, which does throw.
    expect(await connectionErrorsBlock(() => down.submitAction(action))).toEqual([['Cannot connect to API server']]);

    server.fake.faults.inject({ kind: 'hang' }, { operation: 'submitAction' });
    expect(await connectionErrorsBlock(() => newClient({ timeout: 50 }).submitAction(action))).toEqual([['Connection timed out']]);
    const error: unknown = await newClient({ timeout: 50 })
      .submitAction(action)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ isAxiosError: true, code: 'ETIMEDOUT', response: undefined });
  });
});

describe('Retry Logic and Comprehensive Error Handler', () => {
  async function withRetry<T>(
    fn: () => Promise<T>,
    options: {
      maxRetries?: number;
      baseDelayMs?: number;
      maxDelayMs?: number;
      retryOn?: number[];
    } = {},
  ): Promise<T> {
    const { maxRetries = 3, baseDelayMs = 1000, maxDelayMs = 30000, retryOn = [429, 500, 502, 503, 504] } = options;

    let lastError: Error | undefined;

    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      try {
        return await fn();
      } catch (error) {
        lastError = error as Error;

        if (!axios.isAxiosError(error)) {
          throw error;
        }

        const status = error.response?.status;

        // Don't retry client errors (except rate limiting)
        if (status && !retryOn.includes(status)) {
          throw error;
        }

        if (attempt === maxRetries) {
          break;
        }

        // Exponential backoff with jitter
        const delay = Math.min(baseDelayMs * Math.pow(2, attempt) + Math.random() * 1000, maxDelayMs);

        console.log(`Retry ${attempt + 1}/${maxRetries} after ${delay}ms...`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }

    throw lastError;
  }

  interface ErrorResult {
    success: false;
    error: {
      type: 'auth' | 'network' | 'validation' | 'server' | 'unknown';
      message: string;
      code?: string;
      retryable: boolean;
    };
  }

  interface SuccessResult<T> {
    success: true;
    data: T;
  }

  type Result<T> = SuccessResult<T> | ErrorResult;

  async function safeApiCall<T>(fn: () => Promise<T>): Promise<Result<T>> {
    try {
      const data = await fn();
      return { success: true, data };
    } catch (error) {
      if (axios.isAxiosError(error)) {
        const status = error.response?.status;
        const detail = error.response?.data?.detail;

        if (status === 401 || status === 403) {
          return {
            success: false,
            error: {
              type: 'auth',
              message: detail || 'Authentication failed',
              code: `HTTP_${status}`,
              retryable: false,
            },
          };
        }

        if (status === 400 || status === 422) {
          return {
            success: false,
            error: {
              type: 'validation',
              message: detail || 'Invalid request',
              code: `HTTP_${status}`,
              retryable: false,
            },
          };
        }

        if (status === 429 || (status && status >= 500)) {
          return {
            success: false,
            error: {
              type: 'server',
              message: detail || 'Server error',
              code: `HTTP_${status}`,
              retryable: true,
            },
          };
        }

        if (error.code === 'ECONNREFUSED' || error.code === 'ETIMEDOUT') {
          return {
            success: false,
            error: {
              type: 'network',
              message: 'Network connection failed',
              code: error.code,
              retryable: true,
            },
          };
        }
      }

      return {
        success: false,
        error: {
          type: 'unknown',
          message: String(error),
          retryable: false,
        },
      };
    }
  }

  it("withRetry retries a 5xx that outlasted the client's own retries, and gives up on a 401 at once", async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // Adaptation: no jitter, so the test waits the page's base delay only.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const client = newClient();
    // The client tries 4 times itself (3 retries); 4 failures outlast that once, then the 5th attempt answers.
    server.fake.faults.inject({ kind: 'server-error', status: 503, retryAfter: 0 }, { operation: 'submitAction', times: 4 });

    // Usage (adaptation: baseDelayMs 20 instead of the default 1000)
    const result = await withRetry(() => client.submitAction(action), { maxRetries: 3, baseDelayMs: 20 });

    expect(result.status).toBe('approved');
    expect(log.mock.calls).toEqual([['Retry 1/3 after 20ms...']]);

    vi.stubEnv('OWKAI_API_KEY', 'owkai_live_wrong_key');
    const bad = newClient();
    log.mockClear();
    await expect(withRetry(() => bad.submitAction(action), { baseDelayMs: 20 })).rejects.toBeInstanceOf(AuthenticationError);
    expect(log.mock.calls).toEqual([]);
  });

  it('safeApiCall classifies success, auth, validation, server and network failures as the page does', { timeout: 30_000 }, async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = newClient();

    // Usage
    const result = await safeApiCall(() => client.submitAction(action));

    if (result.success) {
      console.log('Action submitted:', result.data.id);
    } else {
      console.error(`Error (${result.error.type}): ${result.error.message}`);
      if (result.error.retryable) {
        console.log('This error can be retried');
      }
    }
    expect(log.mock.calls).toEqual([['Action submitted:', expect.any(Number)]]);
    expect(err.mock.calls).toEqual([]);

    vi.stubEnv('OWKAI_API_KEY', 'owkai_live_wrong_key');
    expect(await safeApiCall(() => newClient().submitAction(action))).toMatchObject({
      success: false,
      error: { type: 'auth', code: 'HTTP_401', retryable: false },
    });
    vi.stubEnv('OWKAI_API_KEY', KEY);
    expect(await safeApiCall(() => client.submitAction({ ...action, action_type: ' ' }))).toMatchObject({
      success: false,
      error: { type: 'validation', code: 'HTTP_422' },
    });
    server.fake.faults.inject({ kind: 'server-error', status: 502, detail: 'bad gateway', retryAfter: 0 }, { operation: 'submitAction' });
    expect(await safeApiCall(() => newClient().submitAction(action))).toEqual({
      success: false,
      error: { type: 'server', message: 'bad gateway', code: 'HTTP_502', retryable: true },
    });
    server.fake.faults.clear();
    const down = newClient({ baseUrl: `http://127.0.0.1:${await closedPort()}` });
    expect(await safeApiCall(() => down.submitAction(action))).toEqual({
      success: false,
      error: { type: 'network', message: 'Network connection failed', code: 'ECONNREFUSED', retryable: true },
    });
    // A fresh client: the first one's breaker has opened after its failures.
    const error: unknown = await newClient({ baseUrl: `http://127.0.0.1:${await closedPort()}` })
      .submitAction(action)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
  });
});
