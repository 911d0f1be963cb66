/**
 * The vendor's v2 client options mapped onto this SDK's: names and units, checked before any
 * I/O, and configuration errors renamed back to the vendor's field names.
 */
import type { AscendClient as CoreAscendClient } from '../client.js';
import { ConfigurationError } from '../errors.js';
import { toLogLevel } from '../logger.js';
import type { AscendClientOptions as CoreOptions } from '../options.js';
import { toCompatError } from './errors.js';
import type { AscendClientOptions, CircuitBreakerOptions } from './types.js';

/**
 * Builds this SDK's client from the mapped options; the adapters supply it (the runtime port,
 * and their logger for `jsonLogs`).
 */
export type CoreClientFactory = (options: CoreOptions, format: { jsonLogs: boolean }) => CoreAscendClient;

const OPTION_KEYS = new Set(
  'apiKey agentId agentName apiUrl baseUrl environment failMode timeout maxRetries retryCount debug logLevel jsonLogs enableMetrics signingSecret circuitBreakerOptions'.split(
    ' ',
  ),
);
const BREAKER_KEYS = new Set(['failureThreshold', 'recoveryTimeout', 'halfOpenMaxCalls']);

/** @internal */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, problem: string): never {
  throw toCompatError(new ConfigurationError(field, problem));
}

/**
 * Maps the vendor's options onto this SDK's. Unknown keys are refused by name.
 * @internal
 */
export function mapOptions(options: AscendClientOptions): { core: CoreOptions; jsonLogs: boolean; enableMetrics: boolean } {
  if (!isObject(options)) invalid('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) invalid(key, `unknown option; allowed: ${[...OPTION_KEYS].join(', ')}`);
  }
  const core: CoreOptions = {};
  if (options.apiKey !== undefined) core.apiKey = options.apiKey;
  if (options.agentId !== undefined) core.agentId = options.agentId;
  if (options.agentName !== undefined) core.agentName = options.agentName;
  // The integration guide's spellings: `baseUrl` for `apiUrl`, `retryCount` for `maxRetries`.
  if (options.apiUrl !== undefined && options.baseUrl !== undefined) invalid('baseUrl', 'give apiUrl or baseUrl, not both');
  if (options.maxRetries !== undefined && options.retryCount !== undefined) invalid('retryCount', 'give maxRetries or retryCount, not both');
  const url = options.apiUrl ?? options.baseUrl;
  if (url !== undefined) core.baseUrl = url;
  if (options.environment !== undefined) core.environment = options.environment;
  if (options.failMode !== undefined) core.failMode = options.failMode;
  if (options.signingSecret !== undefined) core.signingSecret = options.signingSecret;
  if (options.timeout !== undefined) {
    if (typeof options.timeout !== 'number' || !Number.isInteger(options.timeout) || options.timeout < 1 || options.timeout > 600_000) {
      invalid('timeout', 'must be an integer number of milliseconds, 1 to 600000');
    }
    core.timeoutMs = options.timeout;
    // The whole call may take at least one full attempt, and keeps this SDK's default otherwise.
    core.deadlineMs = Math.max(options.timeout, 9000);
  }
  const retries = options.maxRetries ?? options.retryCount;
  if (retries !== undefined) core.retry = { maxRetries: retries };
  for (const flag of ['debug', 'jsonLogs', 'enableMetrics'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') invalid(flag, 'must be a boolean');
  }
  if (options.logLevel !== undefined) {
    const level = toLogLevel(options.logLevel);
    if (!level) invalid('logLevel', 'must be one of: DEBUG, INFO, WARNING, ERROR');
    core.logLevel = level;
  } else if (options.debug === true) {
    core.logLevel = 'debug';
  }
  const breaker: CircuitBreakerOptions | undefined = options.circuitBreakerOptions;
  if (breaker !== undefined) {
    if (typeof breaker !== 'object' || breaker === null || Array.isArray(breaker)) invalid('circuitBreakerOptions', 'must be an object');
    for (const key of Object.keys(breaker)) {
      if (!BREAKER_KEYS.has(key)) invalid(`circuitBreakerOptions.${key}`, `unknown option; allowed: ${[...BREAKER_KEYS].join(', ')}`);
    }
    const mapped: NonNullable<CoreOptions['circuitBreaker']> = {};
    if (breaker.failureThreshold !== undefined) mapped.failureThreshold = breaker.failureThreshold;
    if (breaker.recoveryTimeout !== undefined) {
      if (typeof breaker.recoveryTimeout !== 'number' || !Number.isFinite(breaker.recoveryTimeout) || breaker.recoveryTimeout <= 0) {
        invalid('circuitBreakerOptions.recoveryTimeout', 'must be a positive number of seconds');
      }
      mapped.recoveryTimeMs = Math.round(breaker.recoveryTimeout * 1000);
    }
    if (breaker.halfOpenMaxCalls !== undefined) mapped.halfOpenMaxProbes = breaker.halfOpenMaxCalls;
    core.circuitBreaker = mapped;
  }
  return { core, jsonLogs: options.jsonLogs !== false, enableMetrics: options.enableMetrics !== false };
}

/** The vendor's option names, by this SDK's. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  baseUrl: 'apiUrl',
  timeoutMs: 'timeout',
  deadlineMs: 'timeout',
  'retry.maxRetries': 'maxRetries',
  'circuitBreaker.failureThreshold': 'circuitBreakerOptions.failureThreshold',
  'circuitBreaker.recoveryTimeMs': 'circuitBreakerOptions.recoveryTimeout',
  'circuitBreaker.halfOpenMaxProbes': 'circuitBreakerOptions.halfOpenMaxCalls',
};

/**
 * The error with the field named as the caller spelled it.
 * @internal
 */
export function renameField(error: ConfigurationError, given: Partial<AscendClientOptions> = {}): ConfigurationError {
  let name = FIELD_NAMES[error.field];
  if (name === undefined) return error;
  if (name === 'apiUrl' && given.baseUrl !== undefined) name = 'baseUrl';
  if (name === 'maxRetries' && given.retryCount !== undefined) name = 'retryCount';
  return new ConfigurationError(name, error.message.slice(error.field.length + 2).replace(error.field, name), { cause: error });
}
