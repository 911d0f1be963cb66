/**
 * Options of {@link startDevServer}: the documented public shape, and their validation into
 * resolved options with every default applied.
 *
 * @packageDocumentation
 */
import { WEBHOOK_SCHEMES, type Logger, type LogLevel, type WebhookScheme } from '@ascend/core';
import { DEFAULT_API_KEY, type ApiKeyConfig, type FakeAscendOptions, type FakeMcpServerInput, type PolicyDocument, type PolicyRule } from '@ascend/testing';

/** The port `ascend-dev` listens on by default. */
export const DEFAULT_PORT = 4455;
/** The interface `ascend-dev` binds by default: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';

/** Retry policy of outgoing webhook deliveries. All times in milliseconds. */
export interface WebhookRetryOptions {
  /** Attempts per delivery, the first included. @defaultValue 5 */
  readonly attempts?: number;
  /** Delay before the second attempt; doubles for each later one. @defaultValue 500 */
  readonly initialDelayMs?: number;
  /** Upper bound of one delay. @defaultValue 8000 */
  readonly maxDelayMs?: number;
  /** Timeout of one HTTP attempt. @defaultValue 5000 */
  readonly timeoutMs?: number;
}

/** Tuning of the `dataDir` store. */
export interface JournalOptions {
  /**
   * Journal size after which the state is compacted into a fresh snapshot and the journal
   * segments it covers are deleted. @defaultValue 134217728 (128 MiB)
   */
  readonly compactAfterBytes?: number;
}

/**
 * Fake-service options passed through to `createFakeAscend` (see `@ascend/testing`), minus the
 * ones the dev server owns (`apiKeys`, `signingSecret`, `policy`, `snapshot`, `webhookTester`).
 */
export type DevServerFakeOptions = Omit<FakeAscendOptions, 'apiKeys' | 'signingSecret' | 'policy' | 'snapshot' | 'webhookTester'>;

/**
 * An MCP server the dev server registers at start ({@link DevServerOptions.mcpServers}): the
 * fields of `POST /api/registry/mcp-servers` in camelCase, plus whether it starts deactivated.
 */
export interface DevServerMcpServer extends Omit<FakeMcpServerInput, 'by'> {
  /** False registers it deactivated: submits naming it get 403 `MCP_SERVER_DEACTIVATED_DENY`. @defaultValue true */
  readonly active?: boolean;
  /** Why it is deactivated (with `active: false`), shown as `deactivation_reason`. */
  readonly deactivationReason?: string;
}

/** Options of {@link startDevServer}. Every field is optional. */
export interface DevServerOptions {
  /** TCP port; `0` picks a free one (read it back from `server.port`). @defaultValue 4455 */
  readonly port?: number;
  /**
   * Interface to bind. Anything other than loopback (`127.0.0.1`, `::1`, `localhost`) requires an
   * `adminToken`; one is generated when none is given. @defaultValue `'127.0.0.1'`
   */
  readonly host?: string;
  /**
   * Accepted API keys (`X-API-Key` or `Authorization: Bearer`); any other key gets 401.
   * @defaultValue `['ascend_dev_local_key']`, the documented, non-secret default
   */
  readonly apiKeys?: readonly (string | ApiKeyConfig)[];
  /**
   * When set, requests whose body is a non-empty JSON object must carry a valid
   * `X-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`; else 401.
   */
  readonly signingSecret?: string;
  /** The policy (rules or `{ rules, default }`). @defaultValue the fake's default rules */
  readonly policy?: PolicyDocument | readonly PolicyRule[];
  /**
   * Directory of the durable store (write-ahead journal plus snapshot). State survives restarts
   * and crashes; every acknowledged write is fsync'd before its response. @defaultValue in memory
   */
  readonly dataDir?: string;
  /** Webhook delivery retries. */
  readonly webhookRetry?: WebhookRetryOptions;
  /**
   * How outgoing webhooks are signed: `'ascend-v1'` (`X-Signature: v1=…`), `'standard-webhooks'`,
   * or `'owkai-sha256'`, the OWkai backend's own headers (`X-OWkai-Signature: sha256=…` over the
   * timestamp and the compact canonical payload, which is also the body sent), to test a receiver
   * written for the real service. @defaultValue `'ascend-v1'`
   */
  readonly webhookScheme?: WebhookScheme;
  /**
   * Token required by the admin API and the dashboard (`Authorization: Bearer <token>`,
   * `X-Admin-Token`, or the cookie set by `/?token=<token>`). @defaultValue none on loopback
   */
  readonly adminToken?: string;
  /** Where structured log records go; records arrive already masked. @defaultValue JSON lines on stdout */
  readonly logger?: Logger;
  /** Least severe level written. @defaultValue `'warn'` (the CLI uses `'info'`) */
  readonly logLevel?: LogLevel;
  /** Durable store tuning. */
  readonly journal?: JournalOptions;
  /** Largest accepted request body, in bytes; larger ones get 413. @defaultValue 1048576 */
  readonly maxBodyBytes?: number;
  /** Webhook deliveries kept in the delivery log. @defaultValue 1000 */
  readonly deliveryLogSize?: number;
  /** Grace period of `close()` for in-flight requests and deliveries, in ms. @defaultValue 5000 */
  readonly shutdownGraceMs?: number;
  /**
   * Actions held in memory, besides pending ones: the ones settled most recently (submitted, or
   * decided by a human or by expiry). Older ones leave memory with their approval requests; their
   * status then answers 404 saying so. A pending action is never evicted. With `dataDir`, the
   * journal segments keep the full history on disk (`DIR/history/`). @defaultValue 10000
   */
  readonly retainActions?: number;
  /**
   * Origins allowed to call the protocol routes from a browser page (CORS), e.g.
   * `http://localhost:5173`. Each is a scheme, host and optional port, without a path. The admin
   * API and the dashboard are never opened to other origins. @defaultValue none: no CORS headers
   */
  readonly corsOrigins?: readonly string[];
  /**
   * MCP servers registered at start, so that a submit naming one (`mcp_server_name`) is checked
   * against it: a deactivated server or a blocked tool is refused with 403 and an
   * `mcp_governance` block. A server the registry already holds (restored from `dataDir`) is
   * left as it is, so a server deactivated in the dashboard stays deactivated across restarts.
   * @defaultValue none: the registry starts empty (every named server is unregistered, 403)
   */
  readonly mcpServers?: readonly DevServerMcpServer[];
  /**
   * Extra options of the fake service (clock, limits, approval TTL, ...). `fake.models`, a map of
   * model id to `compliance_status`, turns the model check of submits on: a `model_id` it does
   * not list as `approved` or `partially_approved` is refused with 403 and a `model_governance`
   * block (CLI: `--compliant-models`, `--model`).
   */
  readonly fake?: DevServerFakeOptions;
}

/** Thrown by {@link startDevServer} for an invalid option; `field` names it. Never contains a secret. */
export class DevServerConfigError extends Error {
  /** Always `'DevServerConfigError'`. */
  override readonly name = 'DevServerConfigError';
  /** The offending option, e.g. `port`. */
  readonly field: string;
  /** What is wrong with it, without the field's name. */
  readonly problem: string;

  /** @param field - the option; @param problem - what is wrong with it. */
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
    this.problem = problem;
  }
}

/** Options after validation, every default applied. @internal */
export interface ResolvedDevServerOptions {
  readonly port: number;
  readonly host: string;
  readonly loopback: boolean;
  readonly apiKeys: readonly (string | ApiKeyConfig)[];
  readonly usesDefaultKey: boolean;
  readonly signingSecret: string | undefined;
  readonly policy: PolicyDocument | readonly PolicyRule[] | undefined;
  readonly dataDir: string | undefined;
  readonly webhookRetry: Required<WebhookRetryOptions>;
  readonly webhookScheme: WebhookScheme;
  readonly adminToken: string | undefined;
  readonly adminTokenGenerated: boolean;
  readonly logger: Logger | undefined;
  readonly logLevel: LogLevel;
  readonly compactAfterBytes: number;
  readonly maxBodyBytes: number;
  readonly deliveryLogSize: number;
  readonly shutdownGraceMs: number;
  readonly retainActions: number;
  readonly corsOrigins: readonly string[];
  readonly mcpServers: readonly DevServerMcpServer[];
  readonly fake: DevServerFakeOptions;
}

const OPTION_KEYS: readonly (keyof DevServerOptions)[] = [
  'port',
  'host',
  'apiKeys',
  'signingSecret',
  'policy',
  'dataDir',
  'webhookRetry',
  'webhookScheme',
  'adminToken',
  'logger',
  'logLevel',
  'journal',
  'maxBodyBytes',
  'deliveryLogSize',
  'shutdownGraceMs',
  'retainActions',
  'corsOrigins',
  'mcpServers',
  'fake',
];
const RETRY_KEYS: readonly (keyof WebhookRetryOptions)[] = ['attempts', 'initialDelayMs', 'maxDelayMs', 'timeoutMs'];
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const FORBIDDEN_FAKE_KEYS = ['apiKeys', 'signingSecret', 'policy', 'snapshot', 'webhookTester'];

/** Actions the dev server holds in memory by default (see {@link DevServerOptions.retainActions}). */
export const DEFAULT_RETAIN_ACTIONS = 10_000;

/**
 * Checks one CORS origin: a serialized origin as a browser sends it in `Origin`, i.e.
 * `scheme://host[:port]`, http or https, lower-case, no path, query, user or trailing slash.
 * Returns the problem, or undefined when it is valid. `*` is refused: the protocol carries
 * credentials (an API key), so every allowed origin is named.
 */
export function corsOriginProblem(origin: string): string | undefined {
  if (origin === '*') return 'must name an origin; "*" is not accepted (requests carry an API key)';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `"${origin}" is not an origin like http://localhost:5173`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${origin}" must use http or https`;
  if (url.origin !== origin) return `"${origin}" is not an origin as a browser sends it; did you mean "${url.origin}"?`;
  return undefined;
}

function corsOrigins(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new DevServerConfigError('corsOrigins', 'must be an array of origins');
  return value.map((origin: unknown, i) => {
    if (typeof origin !== 'string') throw new DevServerConfigError(`corsOrigins[${i}]`, 'must be a string');
    const problem = corsOriginProblem(origin);
    if (problem) throw new DevServerConfigError(`corsOrigins[${i}]`, problem);
    return origin;
  });
}

const MCP_SERVER_KEYS: readonly (keyof DevServerMcpServer)[] = [
  'serverName',
  'transportType',
  'governanceEnabled',
  'displayName',
  'description',
  'serverUrl',
  'connectionConfig',
  'autoApproveTools',
  'blockedTools',
  'toolRiskOverrides',
  'active',
  'deactivationReason',
];
const NAME_MAX = 255;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks one MCP server to register at start; returns it, or throws naming the field (e.g.
 * `mcpServers[1].blockedTools[0]`). The fake's register rules, checked before anything starts.
 */
function mcpServer(value: unknown, field: string): DevServerMcpServer {
  if (!isPlainObject(value)) throw new DevServerConfigError(field, 'must be an object like { serverName: "filesystem" }');
  for (const key of Object.keys(value)) {
    if (!MCP_SERVER_KEYS.includes(key as keyof DevServerMcpServer)) {
      throw new DevServerConfigError(`${field}.${key}`, `unknown field; allowed fields are ${MCP_SERVER_KEYS.join(', ')}`);
    }
  }
  const name = value['serverName'];
  if (typeof name !== 'string' || name.trim() === '') throw new DevServerConfigError(`${field}.serverName`, 'must be a non-empty string');
  if (name.trim() !== name) throw new DevServerConfigError(`${field}.serverName`, 'has leading or trailing whitespace');
  if (name.length > NAME_MAX) throw new DevServerConfigError(`${field}.serverName`, `must be at most ${NAME_MAX} characters`);
  for (const key of ['transportType', 'displayName', 'description', 'serverUrl', 'deactivationReason'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') throw new DevServerConfigError(`${field}.${key}`, 'must be a string');
  }
  for (const key of ['governanceEnabled', 'active'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'boolean') throw new DevServerConfigError(`${field}.${key}`, 'must be true or false');
  }
  for (const key of ['autoApproveTools', 'blockedTools'] as const) {
    const list = value[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new DevServerConfigError(`${field}.${key}`, 'must be an array of tool names');
    list.forEach((tool: unknown, i) => {
      if (typeof tool !== 'string' || tool.trim() === '') throw new DevServerConfigError(`${field}.${key}[${i}]`, 'must be a non-empty string');
    });
  }
  if (value['connectionConfig'] !== undefined && !isPlainObject(value['connectionConfig'])) {
    throw new DevServerConfigError(`${field}.connectionConfig`, 'must be an object');
  }
  const overrides = value['toolRiskOverrides'];
  if (overrides !== undefined) {
    if (!isPlainObject(overrides)) throw new DevServerConfigError(`${field}.toolRiskOverrides`, 'must be an object of tool name to risk score');
    for (const [tool, score] of Object.entries(overrides)) {
      if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 100) {
        throw new DevServerConfigError(`${field}.toolRiskOverrides.${tool}`, 'must be an integer from 0 to 100');
      }
    }
  }
  if (value['deactivationReason'] !== undefined && value['active'] !== false) {
    throw new DevServerConfigError(`${field}.deactivationReason`, 'is given only with active: false');
  }
  return value as unknown as DevServerMcpServer;
}

/**
 * Checks the MCP servers to register at start (option `mcpServers`, or the `--governance`
 * file's `mcpServers`).
 * @throws {@link DevServerConfigError} naming the field, e.g. `mcpServers[1].blockedTools[0]`.
 * @internal
 */
export function checkMcpServers(value: unknown, field = 'mcpServers'): readonly DevServerMcpServer[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new DevServerConfigError(field, 'must be an array of MCP servers');
  const seen = new Set<string>();
  return value.map((v: unknown, i) => {
    const server = mcpServer(v, `${field}[${i}]`);
    if (seen.has(server.serverName)) throw new DevServerConfigError(`${field}[${i}].serverName`, `"${server.serverName}" is listed twice`);
    seen.add(server.serverName);
    return server;
  });
}

/**
 * Checks a model registry (`fake.models`, or the `--governance` file's `models`): model id to `compliance_status`, each a non-empty
 * string without surrounding whitespace (submits are matched on the trimmed `model_id`).
 * @throws {@link DevServerConfigError} naming the field.
 * @internal
 */
export function checkModels(value: unknown, field = 'fake.models'): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw new DevServerConfigError(field, 'must be an object of model id to compliance status, e.g. { "gpt-4o": "approved" }');
  for (const [id, status] of Object.entries(value)) {
    const problem = modelIdProblem(id);
    if (problem) throw new DevServerConfigError(field, problem);
    if (typeof status !== 'string' || !MODEL_STATUS.test(status)) throw new DevServerConfigError(`${field}.${id}`, MODEL_STATUS_PROBLEM);
  }
  return value as Record<string, string>;
}

/** A compliance status: a lower-case word such as `approved` or `pending_review`. @internal */
export const MODEL_STATUS = /^[a-z][a-z0-9_]{0,63}$/;
/** What a bad compliance status is told. @internal */
export const MODEL_STATUS_PROBLEM = 'must be a compliance status in lower case, e.g. approved, partially_approved, rejected';

/** The problem with a model id, or undefined when it is usable. @internal */
export function modelIdProblem(id: string): string | undefined {
  if (id.trim() === '' || id.trim() !== id || id.length > NAME_MAX) {
    return `model id "${id}" must be a non-empty string without surrounding whitespace, at most ${NAME_MAX} characters`;
  }
  return undefined;
}

/** True for the loopback host names and addresses. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

function integer(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DevServerConfigError(field, `must be an integer from ${min} to ${max}; got ${typeof value === 'number' ? value : typeof value}`);
  }
  return value;
}

function secretString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  // The value itself is never echoed: it may be a secret.
  if (typeof value !== 'string' || value === '') throw new DevServerConfigError(field, 'must be a non-empty string');
  if (value.trim() !== value) throw new DevServerConfigError(field, 'has leading or trailing whitespace (a newline from an env file?)');
  return value;
}

/**
 * Validates options and applies defaults.
 * @param randomToken - makes the admin token generated for a non-loopback host.
 * @throws {@link DevServerConfigError} naming the first invalid option.
 * @internal
 */
export function resolveDevServerOptions(options: DevServerOptions, randomToken: () => string): ResolvedDevServerOptions {
  if (typeof options !== 'object' || options === null) throw new DevServerConfigError('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key as keyof DevServerOptions)) {
      throw new DevServerConfigError(key, `unknown option; allowed options are ${OPTION_KEYS.join(', ')}`);
    }
  }
  const port = integer(options.port, 'port', 0, 65535, DEFAULT_PORT);
  const host = options.host ?? DEFAULT_HOST;
  if (typeof host !== 'string' || host === '') throw new DevServerConfigError('host', 'must be a non-empty string');

  let apiKeys: readonly (string | ApiKeyConfig)[] = [DEFAULT_API_KEY];
  if (options.apiKeys !== undefined) {
    if (!Array.isArray(options.apiKeys) || options.apiKeys.length === 0) throw new DevServerConfigError('apiKeys', 'must be a non-empty array');
    options.apiKeys.forEach((k: unknown, i) => {
      const key = typeof k === 'object' && k !== null ? (k as ApiKeyConfig).key : k;
      secretString(key, `apiKeys[${i}]`);
    });
    apiKeys = options.apiKeys;
  }
  const usesDefaultKey = apiKeys.some((k) => (typeof k === 'string' ? k : k.key) === DEFAULT_API_KEY);

  const retryIn = options.webhookRetry ?? {};
  if (typeof retryIn !== 'object' || retryIn === null) throw new DevServerConfigError('webhookRetry', 'must be an object');
  for (const key of Object.keys(retryIn)) {
    if (!RETRY_KEYS.includes(key as keyof WebhookRetryOptions)) {
      throw new DevServerConfigError(`webhookRetry.${key}`, `unknown option; allowed options are ${RETRY_KEYS.join(', ')}`);
    }
  }
  const webhookRetry: Required<WebhookRetryOptions> = {
    attempts: integer(retryIn.attempts, 'webhookRetry.attempts', 1, 20, 5),
    initialDelayMs: integer(retryIn.initialDelayMs, 'webhookRetry.initialDelayMs', 0, 3_600_000, 500),
    maxDelayMs: integer(retryIn.maxDelayMs, 'webhookRetry.maxDelayMs', 0, 3_600_000, 8000),
    timeoutMs: integer(retryIn.timeoutMs, 'webhookRetry.timeoutMs', 1, 600_000, 5000),
  };

  const webhookScheme = options.webhookScheme ?? 'ascend-v1';
  if (!WEBHOOK_SCHEMES.includes(webhookScheme)) {
    throw new DevServerConfigError('webhookScheme', `must be one of ${WEBHOOK_SCHEMES.join(', ')}`);
  }

  const loopback = isLoopbackHost(host);
  let adminToken = secretString(options.adminToken, 'adminToken');
  let adminTokenGenerated = false;
  if (adminToken === undefined && !loopback) {
    adminToken = randomToken();
    adminTokenGenerated = true;
  }

  const logLevel = options.logLevel ?? 'warn';
  if (!LOG_LEVELS.includes(logLevel)) throw new DevServerConfigError('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`);
  if (options.logger !== undefined && (typeof options.logger !== 'object' || typeof options.logger.log !== 'function')) {
    throw new DevServerConfigError('logger', 'must be an object with a log(record) method');
  }
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir === '')) {
    throw new DevServerConfigError('dataDir', 'must be a non-empty path');
  }
  const fake = options.fake ?? {};
  for (const key of FORBIDDEN_FAKE_KEYS) {
    if (key in fake) throw new DevServerConfigError(`fake.${key}`, `set it as the top-level option instead`);
  }
  if (fake.limits && 'actions' in fake.limits) throw new DevServerConfigError('fake.limits.actions', 'set it as the top-level option retainActions instead');
  checkModels(fake.models);

  return {
    port,
    host,
    loopback,
    apiKeys,
    usesDefaultKey,
    signingSecret: secretString(options.signingSecret, 'signingSecret'),
    policy: options.policy,
    dataDir: options.dataDir,
    webhookRetry,
    webhookScheme,
    adminToken,
    adminTokenGenerated,
    logger: options.logger,
    logLevel,
    compactAfterBytes: integer(options.journal?.compactAfterBytes, 'journal.compactAfterBytes', 1024, Number.MAX_SAFE_INTEGER, 128 * 1024 * 1024),
    maxBodyBytes: integer(options.maxBodyBytes, 'maxBodyBytes', 1024, 64 * 1024 * 1024, 1024 * 1024),
    deliveryLogSize: integer(options.deliveryLogSize, 'deliveryLogSize', 1, 1_000_000, 1000),
    shutdownGraceMs: integer(options.shutdownGraceMs, 'shutdownGraceMs', 0, 600_000, 5000),
    retainActions: integer(options.retainActions, 'retainActions', 1, 100_000_000, DEFAULT_RETAIN_ACTIONS),
    corsOrigins: corsOrigins(options.corsOrigins),
    mcpServers: checkMcpServers(options.mcpServers),
    fake,
  };
}
