/**
 * Opt-in CORS (`corsOrigins` / `--cors-origin`): the preflight of the protocol routes is answered
 * with the protocol's request headers for an allowed origin and refused for another; actual
 * answers name the allowed origin and expose the headers the client reads; without the option
 * nothing changes (no CORS header, OPTIONS gets 405); the admin API never gets CORS headers and
 * keeps refusing foreign origins. Bad origins are configuration errors naming the option or flag.
 */
import { request as httpRequest } from 'node:http';
import { silentLogger } from '@ascend/core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCli } from '../cli-args.js';
import { DevServerConfigError, startDevServer, type DevServer, type DevServerOptions } from '../index.js';
import { CORS_ALLOWED_HEADERS } from './cors.js';

const KEY = 'ascend_dev_local_key';
const PAGE = 'http://127.0.0.1:5173';
const OTHER = 'http://evil.example';
let server: DevServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: DevServerOptions = {}): Promise<DevServer> {
  server = await startDevServer({ port: 0, logger: silentLogger, ...options });
  return server;
}

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  const url = new URL(server!.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A preflight as Chromium sends it for the client's submit. */
const preflight = (origin: string): Promise<Raw> =>
  raw('/api/v1/actions/submit', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,idempotency-key,x-api-key,x-correlation-id,x-environment,x-request-timestamp,x-sdk-version,x-signature',
    },
  });

const submit = (origin: string | undefined): Promise<Raw> =>
  raw('/api/v1/actions/submit', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'x-correlation-id': 'corr-1', ...(origin ? { origin } : {}) },
    body: JSON.stringify({ agent_id: 'page-bot', action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount: 10 } }),
  });

const corsHeaderNames = (r: Raw): string[] => Object.keys(r.headers).filter((h) => h.startsWith('access-control-'));

describe('CORS with --cors-origin', () => {
  it('answers the preflight of an allowed origin with the protocol headers, methods and a max age', async () => {
    await start({ corsOrigins: [PAGE, 'http://localhost:3000'] });
    const r = await preflight(PAGE);
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe(PAGE);
    expect(r.headers['access-control-allow-methods']).toBe('GET, POST, PUT, DELETE');
    const allowed = String(r.headers['access-control-allow-headers']).toLowerCase().split(', ');
    for (const h of [
      'content-type',
      'x-api-key',
      'authorization',
      'x-signature',
      'x-request-timestamp',
      'x-correlation-id',
      'idempotency-key',
      'x-sdk-version',
      'x-environment',
    ]) {
      expect(allowed).toContain(h);
    }
    expect(allowed).toHaveLength(CORS_ALLOWED_HEADERS.length);
    expect(r.headers['access-control-max-age']).toBe('600');
    expect(r.headers['vary']).toContain('Origin');
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    // The second origin too, and the status path (a GET with the API key also needs a preflight).
    const status = await raw('/api/v1/actions/1/status', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' },
    });
    expect(status.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  });

  it('names the allowed origin on actual answers (2xx and errors) and exposes the headers the client reads', async () => {
    await start({ corsOrigins: [PAGE] });
    const ok = await submit(PAGE);
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(PAGE);
    expect(String(ok.headers['access-control-expose-headers'])).toContain('Retry-After');
    expect(ok.headers['vary']).toBe('Origin');
    expect(ok.headers['x-correlation-id']).toBe('corr-1');
    const unauthorized = await raw('/api/v1/actions/1/status', { headers: { origin: PAGE, 'x-api-key': 'wrong' } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['access-control-allow-origin']).toBe(PAGE);
  });

  it('refuses the preflight of another origin and gives its requests no CORS header', async () => {
    await start({ corsOrigins: [PAGE] });
    const r = await preflight(OTHER);
    expect(r.status).toBe(403);
    expect(corsHeaderNames(r)).toEqual([]);
    expect(JSON.parse(r.body)).toEqual({ detail: `Origin ${OTHER} is not allowed: start ascend-dev with --cors-origin ${OTHER} (or the corsOrigins option)` });
    const actual = await submit(OTHER);
    expect(corsHeaderNames(actual)).toEqual([]);
    // Same host, other port: another origin.
    expect((await preflight('http://127.0.0.1:5174')).status).toBe(403);
  });

  it('allows private network access for an allowed origin when Chromium asks for it', async () => {
    await start({ corsOrigins: [PAGE] });
    const r = await raw('/api/v1/actions/submit', {
      method: 'OPTIONS',
      headers: { origin: PAGE, 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
    });
    expect(r.headers['access-control-allow-private-network']).toBe('true');
  });

  it('keeps the Host guard before CORS', async () => {
    await start({ corsOrigins: [PAGE] });
    const r = await raw('/api/v1/actions/submit', {
      method: 'OPTIONS',
      headers: { host: 'rebound.example', origin: PAGE, 'access-control-request-method': 'POST' },
    });
    expect(r.status).toBe(403);
    expect(corsHeaderNames(r)).toEqual([]);
  });

  it('leaves the admin API and the dashboard without CORS: foreign origins are still refused', async () => {
    await start({ corsOrigins: [PAGE] });
    // A read answers without CORS headers, so the page's script cannot read it...
    const summary = await raw('/_admin/summary', { headers: { origin: PAGE } });
    expect(corsHeaderNames(summary)).toEqual([]);
    // ...and a write from the allowed page origin is still refused by the same-origin guard.
    const write = await raw('/_admin/kill-switch', {
      method: 'POST',
      headers: { origin: PAGE, 'content-type': 'application/json' },
      body: '{"active":true,"reason":"x"}',
    });
    expect(write.status).toBe(403);
    expect(corsHeaderNames(write)).toEqual([]);
    expect(server!.fake.killSwitch.active).toBe(false);
    const adminPreflight = await raw('/_admin/kill-switch', { method: 'OPTIONS', headers: { origin: PAGE, 'access-control-request-method': 'POST' } });
    expect(corsHeaderNames(adminPreflight)).toEqual([]);
    expect(adminPreflight.status).not.toBe(204);
    const page = await raw('/', { headers: { origin: PAGE } });
    expect(corsHeaderNames(page)).toEqual([]);
    // Same-origin admin use is unchanged.
    expect((await raw('/_admin/summary')).status).toBe(200);
  });
});

describe('without --cors-origin', () => {
  it('sends no CORS header and the preflight gets 405, as before', async () => {
    await start();
    const r = await preflight(PAGE);
    expect(r.status).toBe(405);
    expect(corsHeaderNames(r)).toEqual([]);
    const actual = await submit(PAGE);
    expect(actual.status).toBe(200);
    expect(corsHeaderNames(actual)).toEqual([]);
  });
});

describe('origin validation', () => {
  it('rejects bad origins in the option, naming it', async () => {
    for (const bad of [
      '*',
      'localhost:5173',
      'http://localhost:5173/',
      'http://localhost:5173/app',
      'ftp://localhost',
      'HTTP://LOCALHOST:5173',
      'http://localhost:80',
    ]) {
      const error = await startDevServer({ port: 0, corsOrigins: [bad] }).then(
        () => new Error('started'),
        (e: unknown) => e as Error,
      );
      expect(error, bad).toBeInstanceOf(DevServerConfigError);
      expect((error as DevServerConfigError).field).toBe('corsOrigins[0]');
    }
    await expect(startDevServer({ corsOrigins: 'http://localhost:5173' as unknown as string[] })).rejects.toThrow(/corsOrigins: must be an array/);
  });

  it('rejects a bad --cors-origin on the command line, naming the flag; good ones repeat', async () => {
    await expect(parseCli(['--cors-origin', 'localhost:5173'], {})).rejects.toThrow(/^--cors-origin: "localhost:5173" must use http or https$/);
    await expect(parseCli(['--cors-origin', 'not an origin'], {})).rejects.toThrow(
      /^--cors-origin: "not an origin" is not an origin like http:\/\/localhost:5173$/,
    );
    await expect(parseCli(['--cors-origin', 'http://localhost:5173/'], {})).rejects.toThrow(/--cors-origin: .*did you mean "http:\/\/localhost:5173"/);
    const ok = await parseCli(['--cors-origin', PAGE, '--cors-origin', 'https://app.example'], {});
    expect(ok).toMatchObject({ kind: 'run', options: { corsOrigins: [PAGE, 'https://app.example'] } });
  });
});
