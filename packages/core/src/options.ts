/**
 * Client options: the documented public shape, and their validation into resolved options.
 */
import type { FailMode } from './constants.js';
import { ConfigurationError } from './errors.js';
import { isLogLevel, type Logger, type LogLevel, type LogLevelName } from './logger.js';
import type { EnvReader } from './ports.js';
import { MAX_TIMER_MS, ruleProblem, type Rule } from './rules.js';

/** What happens when no decision can be obtained from the service (`'closed'` or `'open'`). */
export type { FailMode };

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
  /**
   * Per-attempt timeout in milliseconds: how long one HTTP exchange may take, body included.
   * @defaultValue 3000
   */
  timeoutMs?: number;
  /**
   * Overall deadline for one call across all attempts and backoff sleeps, in milliseconds. With
   * the defaults a service that hangs is answered (by fail mode) within 9 s, and one that fails
   * fast is retried 3 times. @defaultValue 9000
   */
  deadlineMs?: number;
  /**
   * Largest response body read, in (decompressed) bytes. A larger one is a `ProtocolError`, raised
   * as soon as the limit is passed (or the declared length exceeds it), without reading the rest.
   * @defaultValue 8388608 (8 MiB)
   */
  maxResponseBytes?: number;
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
  /**
   * Minimum level written. `AscendClient` reads it case-insensitively (`WARNING` and `warning`
   * read as `warn`); the lean `AscendAgentClient` takes the lowercase names. @defaultValue 'warn'
   */
  logLevel?: LogLevelName;
  /**
   * W3C Trace Context for requests to ASCEND: called once for each request as it is prepared, in
   * the caller's context, it returns the `traceparent` of the active span, or `undefined` for none. A value that is not a valid header is left out; an
   * exception is ignored. `@ascend/opentelemetry`'s `traceContext()` reads OpenTelemetry's
   * active context. @defaultValue none: no trace headers are sent
   */
  traceContext?: () => TraceContextHeaders | undefined;
}

/** The W3C Trace Context headers of the active span (see {@link AscendClientOptions.traceContext}). */
export interface TraceContextHeaders {
  /** `version-traceid-parentid-flags`, e.g. `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`. */
  traceparent?: string | undefined;
}

/**
 * Options after defaults, environment and validation. `apiKey` and `signingSecret` are
 * non-enumerable: serializing the object (JSON, structured clone, inspection) leaves them out.
 */
export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  agentId: string | undefined;
  agentName: string | undefined;
  environment: string;
  timeoutMs: number;
  deadlineMs: number;
  maxResponseBytes: number;
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
  traceContext: (() => TraceContextHeaders | undefined) | undefined;
}

/** The default service URL. */
export const DEFAULT_BASE_URL = 'https://pilot.owkai.app';

/**
 * The rules of the top-level scalar options, in validation order. Each default is written here
 * and only here; the `@defaultValue` of each field above says the same (options-defaults.test.ts
 * checks it).
 * @internal
 */
export const SCALAR_RULES = {
  timeoutMs: { default: 3000, min: 1, max: 600_000 },
  deadlineMs: { default: 9000, min: 1, max: 3_600_000 },
  maxResponseBytes: { default: 8 * 1024 * 1024, min: 1024, max: 1024 * 1024 * 1024 },
  failMode: { default: 'closed', oneOf: ['closed', 'open'] },
  authHeader: { default: 'x-api-key', oneOf: ['x-api-key', 'authorization'] },
} as const satisfies Record<string, Rule>;

/**
 * The rules of the nested option groups: every key, in order. `killSwitch.staleAfterMs` defaults
 * to 3 × `killSwitch.intervalMs`; `reportSpool.store` is an object, checked on its own.
 * @internal
 */
export const GROUP_RULES = {
  retry: {
    maxRetries: { default: 3, min: 0, max: 10 },
    baseDelayMs: { default: 250, min: 0 },
    maxDelayMs: { default: 5000, min: 0 },
    maxRetryAfterMs: { default: 10_000, min: 0 },
  },
  circuitBreaker: {
    enabled: { default: true },
    failureThreshold: { default: 5, min: 1 },
    recoveryTimeMs: { default: 30_000, min: 1 },
    halfOpenMaxProbes: { default: 1, min: 1 },
    successThreshold: { default: 3, min: 1 },
  },
  approvals: { timeoutMs: { default: 60_000, min: 1 }, pollIntervalMs: { default: 2000, min: 10, max: MAX_TIMER_MS } },
  killSwitch: {
    poll: { default: false },
    intervalMs: { default: 5000, min: 100, max: MAX_TIMER_MS },
    staleAfterMs: { min: 1 },
    onStale: { default: 'keep', oneOf: ['keep', 'block'] },
    useCommands: { default: false },
  },
  heartbeat: { enabled: { default: false }, intervalMs: { default: 60_000, min: 100, max: MAX_TIMER_MS } },
  reportSpool: { maxSize: { default: 1000, min: 1 }, replayIntervalMs: { default: 5000, min: 10, max: MAX_TIMER_MS } },
} as const satisfies Record<string, Record<string, Rule>>;

/**
 * The rule of every option, looked up by name: `timeoutMs`, or a group's member as
 * `retry.maxRetries`. Integers are `{ default, min, max }`, choices `{ default, oneOf }`, booleans
 * `{ default }`.
 * @internal
 */
export const OPTION_RULES: Readonly<Record<string, Rule>> = /* @__PURE__ */ flattenRules();

function flattenRules(): Record<string, Rule> {
  const flat: Record<string, Rule> = { ...SCALAR_RULES };
  for (const [group, rules] of Object.entries(GROUP_RULES as Readonly<Record<string, Readonly<Record<string, Rule>>>>)) {
    for (const [key, rule] of Object.entries(rules)) flat[`${group}.${key}`] = rule;
  }
  return flat;
}

type GroupName = keyof typeof GROUP_RULES;

const TOP_LEVEL_KEYS = [
  'apiKey',
  'baseUrl',
  'agentId',
  'agentName',
  'environment',
  ...(Object.keys(SCALAR_RULES) as Array<keyof typeof SCALAR_RULES>),
  'signingSecret',
  ...(Object.keys(GROUP_RULES) as GroupName[]),
  'logger',
  'logLevel',
  'traceContext',
] as const satisfies ReadonlyArray<keyof AscendClientOptions>;

function rejectUnknownKeys(value: object, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new ConfigurationError(`${prefix}${key}`, `unknown option; allowed: ${allowed.join(', ')}`);
  }
}

function firstNonEmpty(...values: Array<string | undefined>): string | undefined {
  return values.find((v) => typeof v === 'string' && v.trim() !== '');
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') throw new ConfigurationError(field, `must be a string, got ${typeof value}`);
  return value;
}

/** Checks one value against its rule; undefined gives the default. */
function check(value: unknown, field: string, rule: Rule): unknown {
  if (value === undefined) return rule.default;
  const problem = ruleProblem(value, rule);
  if (problem) throw new ConfigurationError(field, problem);
  return 'oneOf' in rule ? (value as string).toLowerCase() : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Validates a base URL: https anywhere, http only on the loopback names, parsed (not prefix-matched).
 * @throws {@link ConfigurationError} for field `baseUrl`.
 */
export function validateBaseUrl(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    // reported below
  }
  const problem = !url
    ? 'is not a valid absolute URL'
    : url.protocol !== 'https:' && url.protocol !== 'http:'
      ? `scheme ${url.protocol} is not allowed; use https://`
      : url.protocol === 'http:' && !LOCAL_HOSTS.includes(url.hostname)
        ? 'plain http:// is only allowed for localhost, 127.0.0.1 and [::1]; use https://'
        : url.username || url.password
          ? 'must not contain credentials'
          : url.search || url.hash
            ? 'must not contain a query or fragment'
            : undefined;
  if (problem) throw new ConfigurationError('baseUrl', problem);
  return (url!.origin + url!.pathname).replace(/\/+$/, '');
}

/** The base URL from the option, then `ASCEND_API_URL`, then `OWKAI_API_URL`; errors say which source was wrong. */
function resolveBaseUrl(option: string | undefined, env: EnvReader): string {
  const source = [undefined, 'ASCEND_API_URL', 'OWKAI_API_URL'].find((name) => firstNonEmpty(name ? env(name) : option) !== undefined);
  const value = source === undefined ? (firstNonEmpty(option) ?? DEFAULT_BASE_URL) : env(source)!;
  try {
    return validateBaseUrl(value);
  } catch (error) {
    if (!source) throw error;
    throw new ConfigurationError('baseUrl', `${(error as Error).message.slice('baseUrl: '.length)} (from env ${source})`);
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
  if (options !== undefined && !isPlainObject(options)) throw new ConfigurationError('options', 'must be an object');
  const o: AscendClientOptions & Record<string, unknown> = options ?? {};
  rejectUnknownKeys(o, TOP_LEVEL_KEYS, '');

  const apiKey = firstNonEmpty(optionalString(o.apiKey, 'apiKey'), env('ASCEND_API_KEY'), env('OWKAI_API_KEY'));
  if (apiKey === undefined) throw new ConfigurationError('apiKey', 'is required (option apiKey, or env ASCEND_API_KEY / OWKAI_API_KEY)');
  if (/\s/.test(apiKey)) throw new ConfigurationError('apiKey', 'must not contain whitespace');

  const baseUrl = resolveBaseUrl(optionalString(o.baseUrl, 'baseUrl'), env);
  const agentId = firstNonEmpty(optionalString(o.agentId, 'agentId'), env('ASCEND_AGENT_ID'));
  const agentName = firstNonEmpty(optionalString(o.agentName, 'agentName'), env('ASCEND_AGENT_NAME')) ?? agentId;
  const signingSecret = firstNonEmpty(optionalString(o.signingSecret, 'signingSecret'), env('ASCEND_SIGNING_SECRET'));

  const names = Object.keys(GROUP_RULES) as GroupName[];
  const given = names.map((name) => {
    const value = o[name];
    if (value === undefined) return {};
    if (!isPlainObject(value)) throw new ConfigurationError(name, 'must be an object');
    rejectUnknownKeys(value, [...Object.keys(GROUP_RULES[name]), ...(name === 'reportSpool' ? ['store'] : [])], `${name}.`);
    return value;
  });
  const killSwitch = given[3]!;
  const staleAfter: Rule = {
    ...GROUP_RULES.killSwitch.staleAfterMs,
    default: (check(killSwitch['intervalMs'], 'killSwitch.intervalMs', GROUP_RULES.killSwitch.intervalMs) as number) * 3,
  };
  const store = given[5]!['store'] as ReportSpoolStore | undefined;
  if (
    store !== undefined &&
    !(
      typeof store === 'object' &&
      store !== null &&
      ['load', 'add', 'remove'].every((m) => typeof (store as unknown as Record<string, unknown>)[m] === 'function')
    )
  ) {
    throw new ConfigurationError('reportSpool.store', 'must implement load(), add() and remove()');
  }
  if (o.logger !== undefined && (typeof o.logger !== 'object' || typeof o.logger.log !== 'function')) {
    throw new ConfigurationError('logger', 'must implement log(record)');
  }
  if (o.traceContext !== undefined && typeof o.traceContext !== 'function') throw new ConfigurationError('traceContext', 'must be a function');
  if (o.logLevel !== undefined && !isLogLevel(o.logLevel)) throw new ConfigurationError('logLevel', 'must be one of: debug, info, warn, error');

  const environment = optionalString(o.environment, 'environment') ?? 'production';
  if (environment.trim() === '') throw new ConfigurationError('environment', 'must not be empty');
  const resolved: Record<string, unknown> = { apiKey, baseUrl, agentId, agentName, environment };
  for (const [key, rule] of Object.entries(SCALAR_RULES)) resolved[key] = check(o[key], key, rule);
  resolved['signingSecret'] = signingSecret;
  names.forEach((name, i) => {
    const group: Record<string, unknown> = (resolved[name] = {});
    for (const [key, rule] of Object.entries(GROUP_RULES[name] as Readonly<Record<string, Rule>>)) {
      group[key] = check(given[i]![key], `${name}.${key}`, key === 'staleAfterMs' ? staleAfter : rule);
    }
  });
  (resolved['reportSpool'] as Record<string, unknown>)['store'] = store;
  resolved['logger'] = o.logger;
  resolved['logLevel'] = o.logLevel ?? 'warn';
  resolved['traceContext'] = o.traceContext;
  // Readable by the client, invisible to JSON.stringify, structuredClone and util.inspect.
  for (const secret of ['apiKey', 'signingSecret']) {
    Object.defineProperty(resolved, secret, { value: resolved[secret], enumerable: false, writable: false, configurable: false });
  }
  return resolved as unknown as ResolvedOptions;
}
