/**
 * The framework-neutral governance options of a tool, their defaults and their validation.
 */
import { ConfigurationError, type Clock, type JsonObject, type Logger, type LogLevel, type RiskLevel } from '@ascend/core';
import { isRecord } from './blocks.js';
import { redactArguments, type RedactionOptions } from './redact.js';
import type { FromArgs, GovernanceCallbacks, GovernanceClient, LocalKillSwitchView } from './types.js';

/**
 * How one tool is governed, whatever the framework. Every field is optional; see each default.
 * Integrations add their own options next to these (how a block reaches the model, progress…).
 *
 * @typeParam Args - The tool's arguments.
 * @typeParam R - The tool's result, as `summarizeResult` sees it.
 */
export interface GovernancePolicy<Args = Record<string, unknown>, R = unknown> extends RedactionOptions, GovernanceCallbacks {
  /** The action type ASCEND policies match on. @defaultValue `<prefix>.<toolName>`, the prefix set by the integration (`mcp`, `tool`) */
  actionType?: FromArgs<Args, string>;
  /**
   * The resource acted upon, e.g. `(args) => args.path` for a file tool.
   * @defaultValue the server name, else the tool name
   */
  resource?: FromArgs<Args, string>;
  /** A specific item of the resource (`actions` endpoint only). */
  resourceId?: FromArgs<Args, string | undefined>;
  /** Risk hints such as `{ pii_involved: true }`, sent as `risk_indicators` (`actions` endpoint only). */
  riskIndicators?: FromArgs<Args, JsonObject | undefined>;
  /** Sent in the context as `risk_level`; the service decides what it means. */
  riskLevel?: RiskLevel;
  /** Sent as `require_human_approval: true`; the service decides what it means. */
  requireHumanApproval?: boolean;
  /** Your own metadata, sent in the context as `metadata`. Keep secrets out of it. */
  metadata?: JsonObject;
  /** Send the (redacted) arguments as `parameters`. @defaultValue true */
  sendArguments?: boolean;
  /**
   * Which endpoint decides: `actions` (`POST /api/v1/actions/submit`, §3.3) or `mcp`
   * (`POST /api/v1/mcp/actions/submit`, §3.27; needs `serverName` and a client with
   * `evaluateMcpAction`). @defaultValue 'actions'
   */
  endpoint?: 'actions' | 'mcp';
  /** Tool namespace for the `mcp` endpoint. @defaultValue the server name */
  namespace?: string;
  /** Tool description for the `mcp` endpoint. */
  description?: string;
  /** Wait for a human when the decision is pending. @defaultValue true */
  waitForApproval?: boolean;
  /** How long to wait for a human, in ms. @defaultValue 300000 (5 min, like the Python SDK) */
  approvalTimeoutMs?: number;
  /** Interval between approval status polls, in ms. @defaultValue 5000 */
  approvalPollIntervalMs?: number;
  /** A local kill-switch view consulted before any network call, and again after an approval wait. */
  killSwitch?: LocalKillSwitchView;
  /** This server's configuration id in ASCEND, matched against kill-switch blocks. */
  serverConfigId?: string | number;
  /**
   * What the completion report says about the tool's result. The integration's default sends a
   * small summary (never the content itself).
   */
  summarizeResult?: (result: R) => JsonObject;
  /** Wait for completion and failure reports before returning the result. @defaultValue true */
  awaitReports?: boolean;
  /** Logger for governance events (masked). @defaultValue a JSON-lines logger on stderr */
  logger?: Logger;
  /** Minimum level logged. @defaultValue 'warn' */
  logLevel?: LogLevel;
  /** Time source for `durationMs`. @defaultValue `performance.now()` where available, else `Date.now()` */
  clock?: Clock;
}

/** The defaults of the approval timing options, in ms. */
export const POLICY_DEFAULTS: Readonly<{
  /** `approvalTimeoutMs`. */
  approvalTimeoutMs: number;
  /** `approvalPollIntervalMs`. */
  approvalPollIntervalMs: number;
}> = Object.freeze({ approvalTimeoutMs: 300_000, approvalPollIntervalMs: 5_000 });

/**
 * The policy options whose values are plain data (the rest are behaviour: callbacks, the
 * logger, the clock, the kill switch, `redact`, `summarizeResult`).
 */
export const POLICY_DATA_KEYS = [
  'actionType',
  'resource',
  'resourceId',
  'riskIndicators',
  'riskLevel',
  'requireHumanApproval',
  'metadata',
  'sendArguments',
  'endpoint',
  'namespace',
  'description',
  'waitForApproval',
  'approvalTimeoutMs',
  'approvalPollIntervalMs',
  'serverConfigId',
  'awaitReports',
  'logLevel',
  'secretKeys',
  'maxStringLength',
  'maxArrayLength',
  'maxDepth',
  'maskSecretValues',
] as const;

/** The policy options that must be functions when given: the callbacks, `redact` and `summarizeResult`. */
export const POLICY_FUNCTION_KEYS = [
  'onDecision',
  'onAllowed',
  'onApprovalRequired',
  'onDenied',
  'onTimeout',
  'onCancelled',
  'onBlocked',
  'redact',
  'summarizeResult',
] as const;

/** Every option name of {@link GovernancePolicy}. */
export const POLICY_KEYS: readonly string[] = Object.freeze([...POLICY_DATA_KEYS, 'killSwitch', 'logger', 'clock', ...POLICY_FUNCTION_KEYS]);

const RISK_LEVELS: readonly string[] = ['low', 'medium', 'high', 'critical'];

/**
 * Refuses an options object with a key outside `allowed` (a likely typo), naming it.
 * @throws `ConfigurationError`
 */
export function checkOptionKeys(options: unknown, allowed: ReadonlySet<string>, what = 'options'): asserts options is Record<string, unknown> {
  if (!isRecord(options)) throw new ConfigurationError(what, 'must be an object');
  for (const key of Object.keys(options)) {
    if (!allowed.has(key)) throw new ConfigurationError(key, `unknown option; allowed: ${[...allowed].join(', ')}`);
  }
}

/**
 * Validates a client and a policy at wrap time, so a bad setting is refused before the first call.
 * Unknown keys are the integration's business ({@link checkOptionKeys}), since it adds its own.
 *
 * @param identity - The tool's identity: `serverName` is needed by `endpoint: 'mcp'` and by `killSwitch`.
 * @throws `ConfigurationError` naming the field.
 */
export function validatePolicy(client: GovernanceClient, policy: GovernancePolicy<never, never>, identity: { serverName?: string | undefined }): void {
  if (typeof client !== 'object' || client === null) throw new ConfigurationError('client', 'must be an ASCEND client');
  for (const method of ['evaluateAction', 'waitForDecision', 'logActionCompleted', 'logActionFailed'] as const) {
    if (typeof (client as unknown as Record<string, unknown>)[method] !== 'function') {
      throw new ConfigurationError('client', `must have a ${method}() method`);
    }
  }
  const o = policy;
  if (o.endpoint !== undefined && o.endpoint !== 'actions' && o.endpoint !== 'mcp') {
    throw new ConfigurationError('endpoint', "must be 'actions' or 'mcp'");
  }
  if (o.endpoint === 'mcp') {
    if (typeof client.evaluateMcpAction !== 'function') throw new ConfigurationError('endpoint', "'mcp' needs a client with evaluateMcpAction()");
    if (identity.serverName === undefined) throw new ConfigurationError('serverName', "is required with endpoint 'mcp'");
  }
  // The same bounds as the client's own per-call checks, so a setting is refused here, at
  // construction, rather than on the first held call.
  for (const [field, min] of [
    ['approvalTimeoutMs', 1],
    ['approvalPollIntervalMs', 10],
  ] as const) {
    const v = o[field];
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > 2_147_483_647)) {
      throw new ConfigurationError(field, `must be an integer between ${min} and 2147483647 (ms)`);
    }
  }
  if (o.killSwitch !== undefined) {
    if (typeof o.killSwitch?.isBlocked !== 'function') throw new ConfigurationError('killSwitch', 'must have an isBlocked() method');
    if (identity.serverName === undefined && o.serverConfigId === undefined) {
      throw new ConfigurationError('killSwitch', 'needs serverName or serverConfigId to know which blocks apply');
    }
  }
  if (o.metadata !== undefined && !isRecord(o.metadata)) throw new ConfigurationError('metadata', 'must be an object');
  for (const field of POLICY_FUNCTION_KEYS) {
    if (o[field] !== undefined && typeof o[field] !== 'function') throw new ConfigurationError(field, 'must be a function');
  }
  if (o.riskLevel !== undefined && !RISK_LEVELS.includes(o.riskLevel)) {
    throw new ConfigurationError('riskLevel', 'must be low, medium, high or critical');
  }
  for (const field of ['sendArguments', 'waitForApproval', 'awaitReports', 'requireHumanApproval'] as const) {
    if (o[field] !== undefined && typeof o[field] !== 'boolean') throw new ConfigurationError(field, 'must be a boolean');
  }
  if (o.logLevel !== undefined && !['debug', 'info', 'warn', 'error'].includes(o.logLevel)) {
    throw new ConfigurationError('logLevel', 'must be debug, info, warn or error');
  }
  if (o.logger !== undefined && typeof o.logger?.log !== 'function') throw new ConfigurationError('logger', 'must have a log() method');
  if (o.clock !== undefined && typeof o.clock?.now !== 'function') throw new ConfigurationError('clock', 'must have a now() method');
  // Validates the redaction limits now rather than on the first call.
  redactArguments({}, { ...o, redact: undefined });
}

/** Per-tool options over defaults; `metadata` objects are merged, the rest replaced. */
export function mergePolicy<D extends object, T extends object>(defaults: D, options: T): D & T {
  const merged = { ...defaults, ...options } as D & T & { metadata?: JsonObject };
  const dm = (defaults as { metadata?: JsonObject }).metadata;
  const om = (options as { metadata?: JsonObject }).metadata;
  if (dm && om) merged.metadata = { ...dm, ...om };
  return merged;
}
