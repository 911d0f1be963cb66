/**
 * Client options: the documented public shape, and their validation into resolved options.
 */
import { ConfigurationError } from './errors.js';
import { isLogLevel, type Logger, type LogLevel } from './logger.js';
import type { EnvReader } from './ports.js';

/** What happens when no decision can be obtained from the service. */
export type FailMode = 'closed' | 'open';

/** Retry policy options. All times in milliseconds. */
export interface RetryOptions {
  /** Extra attempts after the first. @defaultValue 3 */
  maxRetries?: number;
  /** First backoff ceiling; doubles each retry. The delay is jittered between ¼ and all of the ceiling. @defaultValue 250 */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay. @defaultValue 5000 */
  maxDelayMs?: number;
  /** Upper bound honoured for a server's `Retry-After`; a longer ask is waited only up to this cap (and logged). @defaultValue 10000 */
  maxRetryAfterMs?: number;
}

/** Circuit-breaker options. */
export interface CircuitBreakerOptions {
  /** Set false to disable the breaker. @defaultValue true */
  enabled?: boolean;
  /** Consecutive failures that open the breaker. @defaultValue 5 */
  failureThreshold?: number;
  /** How long the breaker stays open before letting probes through. @defaultValue 30000 */
  recoveryTimeMs?: number;
  /** Concurrent probes admitted while half-open. @defaultValue 1 */
  halfOpenMaxProbes?: number;
  /** Probe successes needed to close again. @defaultValue 3 */
  successThreshold?: number;
}

/** Approval-wait defaults, used when `evaluateAction` is asked to wait. */
export interface ApprovalOptions {
  /** Total wait for a human decision. @defaultValue 60000 */
  timeoutMs?: number;
  /** Interval between status polls. @defaultValue 2000 */
  pollIntervalMs?: number;
}

/** Kill-switch polling options. */
export interface KillSwitchOptions {
  /** Start polling when the client is created. @defaultValue false */
  poll?: boolean;
  /** Interval between polls. @defaultValue 5000 */
  intervalMs?: number;
  /** After this long without a successful poll the state is stale. @defaultValue 3 × intervalMs */
  staleAfterMs?: number;
  /**
   * What a stale state means: `keep` the last known state, or `block` every action until a poll
   * succeeds again. @defaultValue 'keep'
   */
  onStale?: 'keep' | 'block';
  /** Also pull pending commands (§3.15) on each poll and apply BLOCK/UNBLOCK, acking them. @defaultValue false */
  useCommands?: boolean;
}

/** Background heartbeat options (§3.12). */
export interface HeartbeatOptions {
  /** Send heartbeats on a timer. @defaultValue false */
  enabled?: boolean;
  /** Interval between heartbeats. @defaultValue 60000 */
  intervalMs?: number;
}

/** Spool of completion/failure reports that could not be delivered. */
export interface ReportSpoolOptions {
  /** Maximum reports kept; the oldest is dropped (and reported) beyond it. @defaultValue 1000 */
  maxSize?: number;
  /** Interval between replay attempts while reports are spooled. @defaultValue 5000 */
  replayIntervalMs?: number;
  /** Durable storage; defaults to memory. */
  store?: ReportSpoolStore;
}

/** A report kept for later delivery. */
export interface SpooledReport {
  /** Idempotency key of the original call, reused on replay. */
  idempotencyKey: string;
  /** `complete` or `fail`. */
  kind: 'complete' | 'fail';
  /** The action the report is about. */
  actionId: string;
  /** Exact body bytes (canonical JSON) of the original call. */
  body: string;
  /** The original request timestamp header value. */
  timestamp: string;
  /** The original correlation id. */
  correlationId: string;
  /** When it was first spooled (epoch ms). */
  spooledAt: number;
}

/** Pluggable durable storage for the report spool. */
export interface ReportSpoolStore {
  /** Loads all spooled reports, oldest first. */
  load(): Promise<SpooledReport[]> | SpooledReport[];
  /** Persists one report. */
  add(report: SpooledReport): Promise<void> | void;
  /** Removes a delivered (or dropped) report. */
  remove(idempotencyKey: string): Promise<void> | void;
}

/** Public options of the ASCEND client. Environment variables are read through the runtime port. */
export interface AscendClientOptions {
  /** Organization API key. Env: `ASCEND_API_KEY`, then `OWKAI_API_KEY`. Required. */
  apiKey?: string;
  /**
   * Service base URL. Plain `http://` is accepted only for `localhost`, `127.0.0.1` and `[::1]`.
   * Env: `ASCEND_API_URL`, then `OWKAI_API_URL`. @defaultValue 'https://pilot.owkai.app'
   */
  baseUrl?: string;
  /** This agent's id. Env: `ASCEND_AGENT_ID`. */
  agentId?: string;
  /** Human-readable agent name. Env: `ASCEND_AGENT_NAME`. @defaultValue the agent id */
  agentName?: string;
  /** Deployment environment, sent as `X-Environment`. @defaultValue 'production' */
  environment?: string;
  /** Per-attempt timeout in milliseconds. @defaultValue 5000 */
  timeoutMs?: number;
  /** Overall deadline for one call across all retries, in milliseconds. @defaultValue 30000 */
  deadlineMs?: number;
  /** HMAC secret for request signing. Env: `ASCEND_SIGNING_SECRET`. Unset: requests are not signed. */
  signingSecret?: string;
  /** Behaviour when the service cannot be reached. @defaultValue 'closed' */
  failMode?: FailMode;
  /** Which header carries the API key. @defaultValue 'x-api-key' */
  authHeader?: 'x-api-key' | 'authorization';
  /** Retry policy. */
  retry?: RetryOptions;
  /** Circuit-breaker settings, used by the breaker guarding decisions and other foreground calls and, separately, by the background breaker (heartbeat, kill-switch polls, reports). */
  circuitBreaker?: CircuitBreakerOptions;
  /** Approval waiting defaults. */
  approvals?: ApprovalOptions;
  /** Kill-switch polling. */
  killSwitch?: KillSwitchOptions;
  /** Background heartbeat. */
  heartbeat?: HeartbeatOptions;
  /** Report spool. */
  reportSpool?: ReportSpoolOptions;
  /** Logger port. @defaultValue JSON lines to the console */
  logger?: Logger;
  /** Minimum level written. @defaultValue 'warn' */
  logLevel?: LogLevel;
}

/** Options after defaults, environment and validation. */
export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  agentId: string | undefined;
  agentName: string | undefined;
  environment: string;
  timeoutMs: number;
  deadlineMs: number;
  signingSecret: string | undefined;
  failMode: FailMode;
  authHeader: 'x-api-key' | 'authorization';
  retry: Required<RetryOptions>;
  circuitBreaker: Required<CircuitBreakerOptions>;
  approvals: Required<ApprovalOptions>;
  killSwitch: Required<KillSwitchOptions>;
  heartbeat: Required<HeartbeatOptions>;
  reportSpool: Required<Omit<ReportSpoolOptions, 'store'>> & { store: ReportSpoolStore | undefined };
  logger: Logger | undefined;
  logLevel: LogLevel;
}

/** The default service URL. */
export const DEFAULT_BASE_URL = 'https://pilot.owkai.app';

const TOP_LEVEL_KEYS = [
  'apiKey',
  'baseUrl',
  'agentId',
  'agentName',
  'environment',
  'timeoutMs',
  'deadlineMs',
  'signingSecret',
  'failMode',
  'authHeader',
  'retry',
  'circuitBreaker',
  'approvals',
  'killSwitch',
  'heartbeat',
  'reportSpool',
  'logger',
  'logLevel',
] as const satisfies ReadonlyArray<keyof AscendClientOptions>;

const NESTED_KEYS: Record<string, readonly string[]> = {
  retry: ['maxRetries', 'baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'],
  circuitBreaker: ['enabled', 'failureThreshold', 'recoveryTimeMs', 'halfOpenMaxProbes', 'successThreshold'],
  approvals: ['timeoutMs', 'pollIntervalMs'],
  killSwitch: ['poll', 'intervalMs', 'staleAfterMs', 'onStale', 'useCommands'],
  heartbeat: ['enabled', 'intervalMs'],
  reportSpool: ['maxSize', 'replayIntervalMs', 'store'],
};

function rejectUnknownKeys(value: object, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ConfigurationError(`${prefix}${key}`, `unknown option; allowed: ${allowed.join(', ')}`);
    }
  }
}

function firstNonEmpty(...values: Array<string | undefined>): string | undefined {
  for (const v of values) if (typeof v === 'string' && v.trim() !== '') return v;
  return undefined;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ConfigurationError(field, `must be a string, got ${typeof value}`);
  return value;
}

function nonEmptyString(value: unknown, field: string, fallback: string): string {
  const s = optionalString(value, field);
  if (s === undefined) return fallback;
  if (s.trim() === '') throw new ConfigurationError(field, 'must not be empty');
  return s;
}

function integer(value: unknown, field: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(field, `must be an integer between ${min} and ${max}`);
  }
  return value;
}

function bool(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigurationError(field, 'must be a boolean');
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value.toLowerCase())) {
    throw new ConfigurationError(field, `must be one of: ${allowed.join(', ')}`);
  }
  return value.toLowerCase() as T;
}

function nested(options: AscendClientOptions, key: keyof typeof NESTED_KEYS): Record<string, unknown> {
  const value = (options as Record<string, unknown>)[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(key, 'must be an object');
  }
  rejectUnknownKeys(value, NESTED_KEYS[key]!, `${key}.`);
  return value as Record<string, unknown>;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Validates a base URL: https anywhere, http only on the loopback names, parsed (not prefix-matched).
 * @throws {@link ConfigurationError} for field `baseUrl`.
 */
export function validateBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigurationError('baseUrl', 'is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError('baseUrl', `scheme ${url.protocol} is not allowed; use https://`);
  }
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    throw new ConfigurationError('baseUrl', 'plain http:// is only allowed for localhost, 127.0.0.1 and [::1]; use https://');
  }
  if (url.username || url.password) {
    throw new ConfigurationError('baseUrl', 'must not contain credentials');
  }
  if (url.search || url.hash) {
    throw new ConfigurationError('baseUrl', 'must not contain a query or fragment');
  }
  return (url.origin + url.pathname).replace(/\/+$/, '');
}

/** The base URL from the option, then `ASCEND_API_URL`, then `OWKAI_API_URL`; errors say which source was wrong. */
function resolveBaseUrl(option: string | undefined, env: EnvReader): string {
  const sources: Array<[string | undefined, string]> = [
    [option, ''],
    [env('ASCEND_API_URL'), ' (from env ASCEND_API_URL)'],
    [env('OWKAI_API_URL'), ' (from env OWKAI_API_URL)'],
  ];
  const chosen = sources.find(([value]) => firstNonEmpty(value) !== undefined);
  if (!chosen) return validateBaseUrl(DEFAULT_BASE_URL);
  try {
    return validateBaseUrl(chosen[0]!);
  } catch (error) {
    if (error instanceof ConfigurationError && chosen[1]) {
      throw new ConfigurationError('baseUrl', `${error.message.replace(/^baseUrl: /, '')}${chosen[1]}`);
    }
    throw error;
  }
}

/**
 * Applies environment variables (first non-empty wins, reference §1.2), defaults and validation.
 *
 * Environment variables, read only through the port's env reader: `ASCEND_API_KEY` then
 * `OWKAI_API_KEY`, `ASCEND_API_URL` then `OWKAI_API_URL`, `ASCEND_AGENT_ID`,
 * `ASCEND_AGENT_NAME`, `ASCEND_SIGNING_SECRET`. An option wins over its variables; an empty or
 * whitespace-only value (option or variable) counts as unset. Nothing else is read.
 * @throws {@link ConfigurationError} naming the field for any unknown key or bad value.
 */
export function resolveOptions(options: AscendClientOptions | undefined, env: EnvReader): ResolvedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new ConfigurationError('options', 'must be an object');
  }
  const o = options ?? {};
  rejectUnknownKeys(o, TOP_LEVEL_KEYS, '');

  const apiKey = firstNonEmpty(optionalString(o.apiKey, 'apiKey'), env('ASCEND_API_KEY'), env('OWKAI_API_KEY'));
  if (apiKey === undefined) {
    throw new ConfigurationError('apiKey', 'is required (option apiKey, or env ASCEND_API_KEY / OWKAI_API_KEY)');
  }
  if (/\s/.test(apiKey)) throw new ConfigurationError('apiKey', 'must not contain whitespace');

  const baseUrl = resolveBaseUrl(optionalString(o.baseUrl, 'baseUrl'), env);
  const agentId = firstNonEmpty(optionalString(o.agentId, 'agentId'), env('ASCEND_AGENT_ID'));
  const agentName = firstNonEmpty(optionalString(o.agentName, 'agentName'), env('ASCEND_AGENT_NAME')) ?? agentId;
  const signingSecret = firstNonEmpty(optionalString(o.signingSecret, 'signingSecret'), env('ASCEND_SIGNING_SECRET'));

  const retry = nested(o, 'retry');
  const breaker = nested(o, 'circuitBreaker');
  const approvals = nested(o, 'approvals');
  const killSwitch = nested(o, 'killSwitch');
  const heartbeat = nested(o, 'heartbeat');
  const spool = nested(o, 'reportSpool');

  const killSwitchInterval = integer(killSwitch['intervalMs'], 'killSwitch.intervalMs', 5000, 100);
  const store = spool['store'];
  if (
    store !== undefined &&
    (typeof store !== 'object' ||
      store === null ||
      typeof (store as ReportSpoolStore).load !== 'function' ||
      typeof (store as ReportSpoolStore).add !== 'function' ||
      typeof (store as ReportSpoolStore).remove !== 'function')
  ) {
    throw new ConfigurationError('reportSpool.store', 'must implement load(), add() and remove()');
  }
  if (o.logger !== undefined && (typeof o.logger !== 'object' || typeof o.logger.log !== 'function')) {
    throw new ConfigurationError('logger', 'must implement log(record)');
  }
  if (o.logLevel !== undefined && !isLogLevel(o.logLevel)) {
    throw new ConfigurationError('logLevel', 'must be one of: debug, info, warn, error');
  }

  return {
    apiKey,
    baseUrl,
    agentId,
    agentName,
    environment: nonEmptyString(o.environment, 'environment', 'production'),
    timeoutMs: integer(o.timeoutMs, 'timeoutMs', 5000, 1, 600_000),
    deadlineMs: integer(o.deadlineMs, 'deadlineMs', 30_000, 1, 3_600_000),
    signingSecret,
    failMode: oneOf(o.failMode, 'failMode', ['closed', 'open'] as const, 'closed'),
    authHeader: oneOf(o.authHeader, 'authHeader', ['x-api-key', 'authorization'] as const, 'x-api-key'),
    retry: {
      maxRetries: integer(retry['maxRetries'], 'retry.maxRetries', 3, 0, 10),
      baseDelayMs: integer(retry['baseDelayMs'], 'retry.baseDelayMs', 250, 0),
      maxDelayMs: integer(retry['maxDelayMs'], 'retry.maxDelayMs', 5000, 0),
      maxRetryAfterMs: integer(retry['maxRetryAfterMs'], 'retry.maxRetryAfterMs', 10_000, 0),
    },
    circuitBreaker: {
      enabled: bool(breaker['enabled'], 'circuitBreaker.enabled', true),
      failureThreshold: integer(breaker['failureThreshold'], 'circuitBreaker.failureThreshold', 5, 1),
      recoveryTimeMs: integer(breaker['recoveryTimeMs'], 'circuitBreaker.recoveryTimeMs', 30_000, 1),
      halfOpenMaxProbes: integer(breaker['halfOpenMaxProbes'], 'circuitBreaker.halfOpenMaxProbes', 1, 1),
      successThreshold: integer(breaker['successThreshold'], 'circuitBreaker.successThreshold', 3, 1),
    },
    approvals: {
      timeoutMs: integer(approvals['timeoutMs'], 'approvals.timeoutMs', 60_000, 1),
      pollIntervalMs: integer(approvals['pollIntervalMs'], 'approvals.pollIntervalMs', 2000, 10),
    },
    killSwitch: {
      poll: bool(killSwitch['poll'], 'killSwitch.poll', false),
      intervalMs: killSwitchInterval,
      staleAfterMs: integer(killSwitch['staleAfterMs'], 'killSwitch.staleAfterMs', killSwitchInterval * 3, 1),
      onStale: oneOf(killSwitch['onStale'], 'killSwitch.onStale', ['keep', 'block'] as const, 'keep'),
      useCommands: bool(killSwitch['useCommands'], 'killSwitch.useCommands', false),
    },
    heartbeat: {
      enabled: bool(heartbeat['enabled'], 'heartbeat.enabled', false),
      intervalMs: integer(heartbeat['intervalMs'], 'heartbeat.intervalMs', 60_000, 100),
    },
    reportSpool: {
      maxSize: integer(spool['maxSize'], 'reportSpool.maxSize', 1000, 1),
      replayIntervalMs: integer(spool['replayIntervalMs'], 'reportSpool.replayIntervalMs', 5000, 10),
      store: store as ReportSpoolStore | undefined,
    },
    logger: o.logger,
    logLevel: o.logLevel ?? 'warn',
  };
}
