/**
 * `startDevServer`: the fake ASCEND service over real HTTP, with the approvals dashboard, the
 * admin API, signed webhook delivery and (with `dataDir`) a durable store.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { nodeSigner } from '@ascend/node';
import { createFakeAscend, DEFAULT_API_KEY, DEFAULT_CLASSIFICATIONS, type FakeAscend, type StoreChange } from '@ascend/testing';
import { ADMIN_BASE, ADMIN_EVENTS_PATH, createAdminApp } from './http/admin-api.js';
import { AdminModel } from './http/admin-model.js';
import { EventHub, type ChangeTopic } from './http/event-hub.js';
import { createProtocolHandler, InFlight, sendJson } from './http/protocol.js';
import { createDevLogger, type DevLogger } from './logger.js';
import { resolveDevServerOptions, type DevServerMcpServer, type DevServerOptions } from './options.js';
import { memoryStore, recoverDataDir, type StateStore, type StoreStats } from './persistence/durable-store.js';
import { DEV_SERVER_VERSION } from './version.js';
import { WebhookDeliverer, type DeliveryRecord } from './webhooks/delivery.js';

/** A running dev server. */
export interface DevServer {
  /** Base URL, e.g. `http://127.0.0.1:4455`; give it to a client as `baseUrl`. */
  readonly url: string;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  /** The interface bound. */
  readonly host: string;
  /** The first accepted API key (`ascend_dev_local_key` by default). */
  readonly apiKey: string;
  /**
   * The admin token, when one is required (configured, or generated for a non-loopback host).
   * Secret: never log it.
   */
  readonly adminToken: string | undefined;
  /** The data dir, or undefined when state is in memory. */
  readonly dataDir: string | undefined;
  /** The in-process fake behind the HTTP API: inspect state, decide approvals, inject faults. */
  readonly fake: FakeAscend;
  /** The webhook delivery log, newest first. */
  deliveries(limit?: number): DeliveryRecord[];
  /** Journal statistics. */
  storeStats(): StoreStats;
  /** Resolves once every change so far is durable (a no-op in memory). */
  flush(): Promise<void>;
  /**
   * Graceful shutdown: stops accepting connections, ends dashboard streams, lets in-flight
   * requests and webhook attempts finish (up to `shutdownGraceMs`), flushes the journal and
   * releases the data dir. Idempotent.
   */
  close(): Promise<void>;
  /** Same as {@link DevServer.close}. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Random bytes from a pre-filled pool: the fake draws a few bytes per request (correlation and
 * event ids), and one `getRandomValues` call per draw is measurable at thousands of requests/s.
 */
function pooledRandomBytes(): (size: number) => Uint8Array {
  let pool = new Uint8Array(0);
  let offset = 0;
  return (size) => {
    if (offset + size > pool.length) {
      pool = new Uint8Array(randomBytes(Math.max(8192, size)));
      offset = 0;
    }
    const out = pool.slice(offset, offset + size);
    offset += size;
    return out;
  };
}

function urlFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Registers the configured MCP servers the registry does not hold yet (one restored from the
 * data dir keeps its state: a server deactivated in the dashboard stays deactivated).
 */
function seedMcpServers(fake: FakeAscend, servers: readonly DevServerMcpServer[], logger: DevLogger): void {
  const present = new Set(fake.listMcpServers().map((s) => s.serverName));
  const kept: string[] = [];
  for (const { active, deactivationReason, ...input } of servers) {
    if (present.has(input.serverName)) {
      kept.push(input.serverName);
      continue;
    }
    fake.registerMcpServer({ ...input, by: 'ascend-dev' });
    if (active === false)
      fake.setMcpServerActive(input.serverName, false, { by: 'ascend-dev', ...(deactivationReason !== undefined ? { reason: deactivationReason } : {}) });
  }
  if (servers.length > 0) logger.info('MCP servers registered at start', { registered: servers.length - kept.length, kept_as_stored: kept });
}

/** The dashboard panels that show a state change of the fake. */
function topicsFor(change: StoreChange): readonly ChangeTopic[] {
  switch (change.kind) {
    case 'reset':
    case 'restored':
      return ['reset'];
    case 'action':
    case 'approval':
      return ['actions', 'approvals'];
    case 'agent':
    case 'heartbeat':
      return ['agents'];
    case 'kill-switch':
      return ['kill-switch'];
    case 'webhook':
      return ['webhooks'];
    case 'audit':
      return ['audit'];
    case 'mcpServer':
    case 'topology':
    case 'finding':
    case 'component':
      return ['governance'];
    case 'removed':
      return change.of === 'mcpServer' || change.of === 'topology' || change.of === 'finding' || change.of === 'component' ? ['governance'] : [];
    default:
      return [];
  }
}

/**
 * Starts the dev server.
 *
 * @example
 * ```ts
 * import { startDevServer } from '@ascend/dev-server';
 * import { AscendClient } from '@ascend/node';
 *
 * const server = await startDevServer({ port: 0 });
 * const client = new AscendClient({ baseUrl: server.url, apiKey: server.apiKey, agentId: 'refund-bot' });
 * const decision = await client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 50 } });
 * await client.close();
 * await server.close();
 * ```
 * @throws {@link DevServerConfigError} for an invalid option; {@link DataDirError} when the data
 *   dir is locked by another live server or damaged; the listen error (e.g. `EADDRINUSE`).
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const resolved = resolveDevServerOptions(options, () => randomBytes(24).toString('base64url'));
  const apiKeyValues = resolved.apiKeys.map((k) => (typeof k === 'string' ? k : k.key));
  const logger: DevLogger = createDevLogger(resolved.logger, resolved.logLevel, [
    ...apiKeyValues.filter((k) => k !== DEFAULT_API_KEY),
    ...(resolved.signingSecret ? [resolved.signingSecret] : []),
    ...(resolved.adminToken ? [resolved.adminToken] : []),
  ]);
  const limits = resolved.fake.limits ?? {};
  const recovered = resolved.dataDir
    ? await recoverDataDir(resolved.dataDir, {
        limits: { audit: limits.audit ?? 10_000, idempotencyKeys: limits.idempotencyKeys ?? 1000, deliveries: resolved.deliveryLogSize },
        defaultClassifications: resolved.fake.classifications ?? DEFAULT_CLASSIFICATIONS,
        compactAfterBytes: resolved.compactAfterBytes,
        logger,
      })
    : undefined;

  let store: StateStore = memoryStore();
  let fakeRef: FakeAscend | undefined;
  const hub = new EventHub(100, 15_000);
  const deliverer = new WebhookDeliverer({
    retry: resolved.webhookRetry,
    scheme: resolved.webhookScheme,
    signer: nodeSigner,
    logger,
    lookup: (id) => fakeRef?.getWebhook(id),
    onChange: (record) => {
      store.recordDelivery(record);
      hub.publish('deliveries');
    },
    whenDurable: () => store.sync(),
    logSize: resolved.deliveryLogSize,
  });

  let fake: FakeAscend;
  try {
    fake = createFakeAscend({
      randomBytes: pooledRandomBytes(),
      ...resolved.fake,
      limits: { ...(resolved.fake.limits ?? {}), actions: resolved.retainActions },
      apiKeys: resolved.apiKeys,
      ...(resolved.signingSecret !== undefined ? { signingSecret: resolved.signingSecret } : {}),
      ...(resolved.policy !== undefined ? { policy: resolved.policy } : {}),
      ...(recovered?.snapshot ? { snapshot: recovered.snapshot } : {}),
      deploymentInfo: {
        environment: 'development',
        server: 'ascend-dev-server',
        dev_server_version: DEV_SERVER_VERSION,
        ...(resolved.fake.deploymentInfo ?? {}),
      },
      webhookTester: (webhook, event) => deliverer.test(webhook, event),
    });
    fakeRef = fake;
    if (recovered) store = await recovered.attach(fake, () => deliverer.dump());
  } catch (error) {
    await recovered?.abandon();
    throw error;
  }
  if (recovered) {
    deliverer.load(recovered.deliveries);
    logger.info(recovered.snapshot ? 'state recovered from the data dir' : 'new data dir initialized', {
      data_dir: resolved.dataDir,
      replayed_entries: recovered.replayedEntries,
      torn_tail_ignored: recovered.tornTail,
      actions: recovered.snapshot?.actions.length ?? 0,
    });
  }
  logger.addSecrets(fake.listWebhooks().map((w) => w.secret));
  try {
    seedMcpServers(fake, resolved.mcpServers, logger);
    await store.sync();
  } catch (error) {
    await deliverer.close(0);
    await store.close();
    throw error;
  }

  const unsubscribe: Array<() => void> = [];
  unsubscribe.push(
    fake.on('webhook', (delivery) => {
      // The dev server owns delivery: drain the fake's outbox as events are queued.
      fake.takeOutbox();
      deliverer.enqueue(delivery);
    }),
    fake.on('change', (change) => {
      for (const topic of topicsFor(change)) hub.publish(topic);
      if (change.kind === 'webhook') logger.addSecrets([change.record.secret]);
    }),
  );
  // Approval expiries happen by the clock; without this they would wait for the next request.
  const ticker = setInterval(() => fake.tick(), 1000);
  ticker.unref();

  const startedAt = new Date().toISOString();
  let url = '';
  const info = {
    version: DEV_SERVER_VERSION,
    url: '',
    data_dir: resolved.dataDir ?? null,
    started_at: startedAt,
    signing_required: resolved.signingSecret !== undefined,
    admin_token_required: resolved.adminToken !== undefined,
    default_api_key: resolved.usesDefaultKey ? DEFAULT_API_KEY : null,
  };
  const model = new AdminModel(fake, deliverer, () => store.stats(), info, resolved.fake.models);
  const adminApp = createAdminApp({
    fake,
    model,
    hub,
    deliverer,
    logger,
    adminToken: resolved.adminToken,
    loopback: resolved.loopback,
    hello: () => ({ version: DEV_SERVER_VERSION, url }),
    sync: () => store.sync(),
  });
  const adminListener = getRequestListener(adminApp.fetch);
  const inFlight = new InFlight();
  const protocol = createProtocolHandler(
    { fake, store: () => store, logger, maxBodyBytes: resolved.maxBodyBytes, loopback: resolved.loopback, corsOrigins: resolved.corsOrigins },
    inFlight,
  );

  const server = createServer({ keepAliveTimeout: 10_000 }, (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    if (
      path === '/' ||
      path.startsWith('/?') ||
      path === '/favicon.ico' ||
      path === ADMIN_BASE ||
      path.startsWith(`${ADMIN_BASE}/`) ||
      path.startsWith(`${ADMIN_BASE}?`)
    ) {
      const done = path.startsWith(ADMIN_EVENTS_PATH) ? () => undefined : inFlight.start();
      adminListener(req, res)
        .catch((error: unknown) => {
          logger.error('admin request failed', { error });
          sendJson(res, 500, { detail: 'Dev server internal error' });
        })
        .finally(done);
      return;
    }
    protocol(req, res);
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  let address: AddressInfo;
  try {
    address = await listen(server, resolved.port, resolved.host);
  } catch (error) {
    clearInterval(ticker);
    hub.close();
    await deliverer.close(0);
    await store.close();
    throw error;
  }
  url = urlFor(resolved.host, address.port);
  info.url = url;
  logger.info('dev server listening', {
    url,
    dashboard: `${url}/`,
    data_dir: resolved.dataDir ?? null,
    api_keys: apiKeyValues.length,
    default_api_key: resolved.usesDefaultKey,
    signing_required: resolved.signingSecret !== undefined,
    admin_token_required: resolved.adminToken !== undefined,
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('dev server shutting down', { in_flight: inFlight.size });
      clearInterval(ticker);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      hub.close();
      server.closeIdleConnections();
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([inFlight.idle(), new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, resolved.shutdownGraceMs)))]);
      clearTimeout(graceTimer);
      // Whatever is still open now (hung requests, slow clients) is cut.
      server.closeAllConnections();
      await stopped;
      await deliverer.close(resolved.shutdownGraceMs);
      for (const off of unsubscribe) off();
      model.detach();
      await store.close();
      logger.info('dev server stopped', { url });
    })();
    return closing;
  };

  return {
    url,
    port: address.port,
    host: resolved.host,
    apiKey: fake.apiKey,
    adminToken: resolved.adminToken,
    dataDir: resolved.dataDir,
    fake,
    deliveries: (limit) => deliverer.list(limit),
    storeStats: () => store.stats(),
    flush: () => store.sync(),
    close,
    [Symbol.asyncDispose]: close,
  };
}
