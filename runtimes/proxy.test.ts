/**
 * `@ascend/node` sends API requests over node:http with agents of its own. Those agents must be
 * proxied exactly as Node's global agents are: under `NODE_USE_ENV_PROXY=1`, Node 24 proxies its
 * global agents and fetch through `HTTP_PROXY`, and an agent built without `proxyEnv` would
 * silently go around the proxy (in production: a blocked egress, then fail mode for every call).
 *
 * Each case runs a child Node (the harness's Node 20 and Node 24 from the npm package) with a
 * controlled environment against a local ASCEND-shaped server, over http and over https (the
 * test identity of `@ascend/node`, trusted through `NODE_EXTRA_CA_CERTS`), and a local forwarding
 * proxy (absolute-URI requests and CONNECT tunnels), all on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIMES_DIR } from './harness/bundle.js';
import { packageDir } from './harness/runner.js';
import { runProcess } from './harness/spawn.js';

const SUBMIT = '/api/v1/actions/submit';

const TLS_DIR = join(RUNTIMES_DIR, '..', 'packages', 'node', 'fixtures', 'tls');
const CA_FILE = join(TLS_DIR, 'cert.pem');

let targets: Server[] = [];
let proxy: Server;
/** The server's origin by scheme. */
const origins = { http: '', https: '' };
let proxyUrl = '';
/** What reached the proxy: `POST http://…/submit` forwarded, or `CONNECT host:port` tunnelled. */
const proxied: string[] = [];
/** Submits that reached the server. */
let submits = 0;
const sockets = new Set<Socket>();

function listen(server: Server): Promise<string> {
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.once('end', () => {
    if (req.method === 'POST' && req.url === SUBMIT) {
      submits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ action_id: 7, status: 'approved', decision: 'allowed', risk_score: 10, execution_allowed: true }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"detail":"Not found"}');
  });
}

beforeAll(async () => {
  const plain = createServer(answer);
  const secure = createTlsServer({ cert: readFileSync(CA_FILE), key: readFileSync(join(TLS_DIR, 'key.pem')) }, answer);
  targets = [plain, secure];
  proxy = createServer((req, res) => {
    proxied.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '');
    const upstream = httpRequest({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  proxy.on('connect', (req, client: Socket) => {
    proxied.push(`CONNECT ${req.url}`);
    const [host = '', port = ''] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  origins.http = await listen(plain);
  origins.https = (await listen(secure)).replace('http:', 'https:');
  proxyUrl = await listen(proxy);
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all([...targets, proxy].map((s) => new Promise((resolve) => s.close(resolve))));
});

/**
 * What a Node binary offers, asked once at collection: its major version and whether it has
 * built-in proxy support for its own agents, and `http.setGlobalProxyFromEnv()`.
 */
function describeNode(name: string, binary: string) {
  const script =
    "const http = require('node:http');" +
    'console.log(JSON.stringify({ major: Number(process.versions.node.split(".")[0]),' +
    " proxiesAgents: require('node:https').globalAgent.options.proxyEnv !== undefined," +
    " setGlobalProxy: typeof http.setGlobalProxyFromEnv === 'function' }))";
  const out = execFileSync(binary, ['-e', script], {
    env: { PATH: process.env['PATH'] ?? '', NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: 'http://127.0.0.1:9' },
    encoding: 'utf8',
  });
  return { name, binary, ...(JSON.parse(out) as { major: number; proxiesAgents: boolean; setGlobalProxy: boolean }) };
}

const NODES = [
  describeNode(`node ${process.versions.node} (harness)`, process.execPath),
  describeNode('node 24', join(packageDir('node24', join(RUNTIMES_DIR, 'node')), 'bin', 'node')),
];

/** Runs one governed call in a child Node; returns its decision and what the proxy saw. */
async function governedCall(
  binary: string,
  origin: string,
  env: Record<string, string>,
  mode?: 'switch',
): Promise<{ decision: string; decisions: string[]; proxied: string[]; submits: number }> {
  proxied.length = 0;
  submits = 0;
  const result = await runProcess(binary, [join(RUNTIMES_DIR, 'proxy', 'client.mjs'), origin, ...(mode ? [mode] : [])], {
    timeoutMs: 30_000,
    cwd: RUNTIMES_DIR,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', NODE_EXTRA_CA_CERTS: CA_FILE, ...env },
  });
  expect(result.timedOut, result.stderr).toBe(false);
  expect(result.code, result.stderr).toBe(0);
  const decisions = result.stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { decision: string }).decision);
  return { decision: decisions.at(-1) ?? '', decisions, proxied: [...proxied], submits };
}

const SCHEMES = ['http', 'https'] as const;
const PROXY_VARIABLE = { http: 'HTTP_PROXY', https: 'HTTPS_PROXY' } as const;

describe.each(NODES)('@ascend/node behind a proxy: $name', ({ binary, major, proxiesAgents: nodeProxies, setGlobalProxy }) => {
  it('knows what this Node does: Node 24 proxies its own agents and has http.setGlobalProxyFromEnv', () => {
    expect(major).toBeGreaterThanOrEqual(20);
    if (major >= 24) expect({ nodeProxies, setGlobalProxy }).toEqual({ nodeProxies: true, setGlobalProxy: true });
    else expect(nodeProxies).toBe(false);
  });

  it.each(SCHEMES)('%s: with NODE_USE_ENV_PROXY=1 the call goes through the proxy exactly when Node proxies its own agents', async (scheme) => {
    const origin = origins[scheme];
    const run = await governedCall(binary, origin, { NODE_USE_ENV_PROXY: '1', [PROXY_VARIABLE[scheme]]: proxyUrl });
    expect(run.decision).toBe('allowed');
    expect(run.submits).toBe(1);
    if (!nodeProxies) {
      expect(run.proxied).toEqual([]);
    } else if (scheme === 'https') {
      // TLS end to end: the proxy only sees the tunnel.
      expect(run.proxied).toEqual([`CONNECT ${origin.slice('https://'.length)}`]);
    } else {
      expect(run.proxied).toEqual([expect.stringMatching(new RegExp(`^(POST ${origin}${SUBMIT}|CONNECT ${origin.slice('http://'.length)})$`))]);
    }
  });

  it.each(SCHEMES)('%s: goes direct when the proxy variable is set but Node is not told to use it (as Node itself does)', async (scheme) => {
    const run = await governedCall(binary, origins[scheme], { [PROXY_VARIABLE[scheme]]: proxyUrl });
    expect(run.decision).toBe('allowed');
    expect(run.submits).toBe(1);
    expect(run.proxied).toEqual([]);
  });

  it.runIf(setGlobalProxy)(
    'follows a global proxy turned on later (http.setGlobalProxyFromEnv) from the next call on, and the process still exits by itself',
    async () => {
      const origin = origins.https;
      const run = await governedCall(binary, origin, { HTTPS_PROXY: proxyUrl }, 'switch');
      expect(run.decisions).toEqual(['allowed', 'allowed']);
      expect(run.submits).toBe(2);
      // The first call went direct, the second through the tunnel.
      expect(run.proxied).toEqual([`CONNECT ${origin.slice('https://'.length)}`]);
    },
  );

  it('goes direct for a host in NO_PROXY', async () => {
    const run = await governedCall(binary, origins.https, { NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' });
    expect(run.decision).toBe('allowed');
    expect(run.submits).toBe(1);
    expect(run.proxied).toEqual([]);
  });
});
