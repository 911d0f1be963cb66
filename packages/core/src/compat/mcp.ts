/**
 * The vendor's MCP governance wrappers (`mcpGovernance`, `requireGovernance`, `highRiskAction`,
 * `MCPGovernanceMiddleware`), mapped onto the compatibility client: evaluate, wait for a human
 * with this SDK's `waitForDecision`, run, report. A function runs only after an explicit allowed
 * decision (or a fail-open one the caller configured); a denial, a rejection, an approval
 * timeout or an unavailable service never runs it.
 */
import { isAscendError } from '../errors.js';
import { CompatAscendClient, toResult } from './client.js';
import type { EvaluateActionResult } from './types.js';
import { AuthorizationError, ConnectionError, CircuitBreakerOpenError, RateLimitError, TimeoutError, toCompatError, ValidationError } from './errors.js';

/** A callback of {@link MCPGovernanceConfig}; may be async. */
export type GovernanceCallback = (decision: EvaluateActionResult, toolName: string) => void | Promise<void>;

/** How a governed function waits and reacts. */
export interface MCPGovernanceConfig {
  /** Wait for a human when the decision is pending; when false a pending decision throws `TimeoutError` at once. @defaultValue true */
  waitForApproval?: boolean;
  /** How long to wait for a human, ms. @defaultValue 300000 */
  approvalTimeoutMs?: number;
  /** Interval between status polls while waiting, ms. @defaultValue 5000 */
  approvalPollIntervalMs?: number;
  /** Put the function's name in the context (`tool_name`). @defaultValue true */
  includeToolName?: boolean;
  /** Put the (redacted, truncated) arguments in the context (`arguments`). @defaultValue true */
  includeArguments?: boolean;
  /** Throw `AuthorizationError` on denial; when false the call resolves to undefined without running. @defaultValue true */
  raiseOnDenial?: boolean;
  /** Kept for compatibility: the client's logger records every decision at info. @defaultValue true */
  logAllDecisions?: boolean;
  /** Called when a human must approve. */
  onApprovalRequired?: GovernanceCallback;
  /** Called on denial (or rejection). */
  onDenied?: GovernanceCallback;
  /** Called when the action is allowed, before it runs. */
  onAllowed?: GovernanceCallback;
  /** Called when no human decided in time. */
  onTimeout?: GovernanceCallback;
}

/** What a governed function is, for ASCEND. */
export interface GovernanceOptions {
  /** e.g. `database.query`. */
  actionType: string;
  /** e.g. `production_db`. */
  resource: string;
  /** Waiting and callbacks. */
  config?: MCPGovernanceConfig;
  /** Risk hint. */
  riskLevel?: 'low' | 'medium' | 'high' | 'critical';
  /** Extra facts, sent as `context.metadata`. */
  metadata?: Record<string, unknown>;
  /** Force human review. */
  requireHumanApproval?: boolean;
}

/**
 * A function made governed: same arguments, always async.
 * @typeParam T - The function governed.
 */
export type GovernedFunction<T extends (...args: never[]) => unknown> = (...args: Parameters<T>) => Promise<Awaited<ReturnType<T>>>;

/**
 * What `mcpGovernance(client, options)` returns: give it the function to govern.
 * @typeParam T - The function governed.
 */
export type Governor = <T extends (...args: never[]) => unknown>(fn: T) => GovernedFunction<T>;

const SECRET_KEY = /password|secret|token|api_?key|auth|credential|private_?key/i;
const MAX_STRING = 100;
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;
const MAX_PARAMETER_DEPTH = 64;

/**
 * A JSON-safe, redacted and bounded copy of one argument, for `context.arguments` (informational,
 * as the vendor sends it): long strings cut, deep or long structures elided.
 */
function summarize(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, 50)}...[truncated]` : value;
  if (typeof value !== 'object' || value === null) return toJsonScalar(value);
  if (depth >= MAX_DEPTH) return '[depth limit]';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => summarize(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value).slice(0, MAX_ITEMS)) out[key] = SECRET_KEY.test(key) ? '[REDACTED]' : summarize(v, depth + 1);
  return out;
}

/** A scalar as JSON can carry it: non-finite numbers and bigints as text, functions and symbols as `<type>`. */
function toJsonScalar(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  return `<${typeof value}>`;
}

/**
 * A JSON-safe copy of one argument for `parameters`, which policies evaluate: nothing is cut or
 * elided (a policy must see the whole action), only values under secret-named keys are redacted.
 * A cyclic or absurdly deep argument is refused, never sent in part.
 * @throws {@link ValidationError} naming the parameter.
 */
function redact(value: unknown, path: string, seen: Set<object> = new Set(), depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return toJsonScalar(value);
  if (seen.has(value)) throw new ValidationError(`${path} is cyclic`, { [path]: 'Must not be cyclic' });
  if (depth >= MAX_PARAMETER_DEPTH) throw new ValidationError(`${path} nests too deep`, { [path]: `Must nest at most ${MAX_PARAMETER_DEPTH} levels` });
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return redact((json as () => unknown).call(value), path, seen, depth + 1);
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v, i) => redact(v, `${path}[${i}]`, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? '[REDACTED]' : redact(v, `${path}.${key}`, seen, depth + 1);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The declared parameter names of a plain function, when they can be read; else `arg0`, `arg1`… */
function parameterNames(fn: (...args: never[]) => unknown, count: number): string[] {
  const match = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(fn));
  const names = (match?.[1] ?? '')
    .split(',')
    .map((p) =>
      p
        .replace(/\/\*.*?\*\//g, '')
        .split(/[:=]/)[0]!
        .trim(),
    )
    .filter((p) => /^[A-Za-z_$][\w$]*$/.test(p));
  return Array.from({ length: count }, (_, i) => names[i] ?? `arg${i}`);
}

function defaults(config: MCPGovernanceConfig | undefined): Required<Omit<MCPGovernanceConfig, `on${string}`>> & MCPGovernanceConfig {
  return {
    waitForApproval: true,
    approvalTimeoutMs: 300_000,
    approvalPollIntervalMs: 5000,
    includeToolName: true,
    includeArguments: true,
    raiseOnDenial: true,
    logAllDecisions: true,
    ...config,
  };
}

/**
 * Wraps a function with ASCEND governance: `mcpGovernance(client, { actionType, resource })(fn)`.
 * Each call is evaluated (arguments as `parameters`, secrets redacted); a pending decision is
 * waited on; an allowed call runs and is reported completed (or failed, with the error
 * rethrown). A denial throws `AuthorizationError` (or resolves undefined with
 * `raiseOnDenial: false`); no decision in time throws `TimeoutError`; an unavailable service
 * (fail-closed) throws `AuthorizationError`. In none of these does the function run.
 */
export function mcpGovernance(client: CompatAscendClient, options: GovernanceOptions): Governor {
  const config = defaults(options.config);
  return <T extends (...args: never[]) => unknown>(fn: T): GovernedFunction<T> => {
    const toolName = fn.name || 'anonymous';
    return async (...args: Parameters<T>): Promise<Awaited<ReturnType<T>>> => {
      const started = Date.now();
      const names = parameterNames(fn, args.length);
      const parameters: Record<string, unknown> = {};
      args.forEach((arg, i) => (parameters[names[i]!] = redact(arg, `parameters.${names[i]!}`)));
      const context: Record<string, unknown> = { source: 'mcp_server' };
      if (config.includeToolName) context['tool_name'] = toolName;
      if (config.includeArguments) context['arguments'] = { count: args.length, values: args.map((a) => summarize(a)) };
      if (options.metadata !== undefined) context['metadata'] = redact(options.metadata, 'metadata');

      let decision: EvaluateActionResult;
      try {
        decision = await client.evaluateAction({
          actionType: options.actionType,
          resource: options.resource,
          parameters,
          context,
          ...(options.riskLevel === undefined ? {} : { riskLevel: options.riskLevel }),
          ...(options.requireHumanApproval === undefined ? {} : { requireHumanApproval: options.requireHumanApproval }),
        });
        if (decision.decision === 'pending') decision = await pending(client, decision, config, options, toolName);
      } catch (error) {
        if (
          error instanceof ConnectionError ||
          error instanceof CircuitBreakerOpenError ||
          error instanceof RateLimitError ||
          (error instanceof TimeoutError && !isApprovalTimeout(error))
        ) {
          throw new AuthorizationError(
            `ASCEND governance service unavailable: ${error.message}`,
            [],
            undefined,
            { actionType: options.actionType, resource: options.resource, toolName },
            error,
          );
        }
        throw error;
      }
      if (decision.decision === 'denied') {
        await config.onDenied?.(decision, toolName);
        if (!config.raiseOnDenial) return undefined as Awaited<ReturnType<T>>;
        throw new AuthorizationError(`Action denied: ${decision.reason ?? 'no reason given'}`, decision.policyViolations, decision.riskScore, {
          actionType: options.actionType,
          resource: options.resource,
          toolName,
          actionId: decision.actionId,
        });
      }
      // Only an explicit allowed decision gets here.
      await config.onAllowed?.(decision, toolName);
      let result: Awaited<ReturnType<T>>;
      try {
        result = (await fn(...args)) as Awaited<ReturnType<T>>;
      } catch (error) {
        await client.logActionFailed(decision.actionId, error instanceof Error ? error : String(error), Date.now() - started).catch(() => undefined);
        throw error;
      }
      await client.logActionCompleted(decision.actionId, { success: true, hasResult: result !== undefined }, Date.now() - started).catch(() => undefined);
      return result;
    };
  };
}

function isApprovalTimeout(error: TimeoutError): boolean {
  return isAscendError(error.cause, 'APPROVAL_TIMEOUT') || error.details['approval'] === true;
}

/** Waits for a human on a pending decision with this SDK's `waitForDecision`. */
async function pending(
  client: CompatAscendClient,
  decision: EvaluateActionResult,
  config: ReturnType<typeof defaults>,
  options: GovernanceOptions,
  toolName: string,
): Promise<EvaluateActionResult> {
  await config.onApprovalRequired?.(decision, toolName);
  const timedOut = async (cause?: unknown): Promise<never> => {
    await config.onTimeout?.(decision, toolName);
    throw new TimeoutError(
      `Approval timeout for action: ${options.actionType} on ${options.resource}`,
      config.approvalTimeoutMs,
      { toolName, actionId: decision.actionId, approvalRequestId: decision.approvalRequestId, approval: true },
      cause,
    );
  };
  if (!config.waitForApproval) return timedOut();
  try {
    const final = await client.ascend.waitForDecision(
      { actionId: decision.actionId, approvalRequestId: decision.approvalRequestId, expiresAt: decision.expiresAt },
      { timeoutMs: config.approvalTimeoutMs, pollIntervalMs: config.approvalPollIntervalMs },
    );
    return toResult(final);
  } catch (error) {
    if (isAscendError(error, 'APPROVAL_TIMEOUT')) return timedOut(error);
    throw toCompatError(error);
  }
}

/** `mcpGovernance` with just an action type and resource. */
export function requireGovernance(client: CompatAscendClient, actionType: string, resource: string, config?: MCPGovernanceConfig): Governor {
  return mcpGovernance(client, { actionType, resource, ...(config ? { config } : {}) });
}

/** `mcpGovernance` for an action that always needs a human: risk `high`, human approval required. */
export function highRiskAction(client: CompatAscendClient, actionType: string, resource: string, config?: MCPGovernanceConfig): Governor {
  return mcpGovernance(client, { actionType, resource, riskLevel: 'high', requireHumanApproval: true, ...(config ? { config } : {}) });
}

/** Governs several functions with shared defaults, and lists their names. */
export class MCPGovernanceMiddleware {
  readonly #client: CompatAscendClient;
  readonly #defaults: MCPGovernanceConfig;
  readonly #tools: string[] = [];

  /** @param client - The compatibility client. @param defaultConfig - Config every wrapped function starts from. */
  constructor(client: CompatAscendClient, defaultConfig: MCPGovernanceConfig = {}) {
    this.#client = client;
    this.#defaults = defaultConfig;
  }

  /**
   * Wraps `fn` with governance for `actionType` on `resource`.
   * @typeParam T - The function governed.
   */
  wrap<T extends (...args: never[]) => unknown>(actionType: string, resource: string, fn: T, config?: MCPGovernanceConfig): GovernedFunction<T> {
    this.#tools.push(fn.name || 'anonymous');
    return mcpGovernance(this.#client, { actionType, resource, config: { ...this.#defaults, ...config } })(fn);
  }

  /**
   * Wraps `fn` as a high-risk action that needs a human.
   * @typeParam T - The function governed.
   */
  wrapHighRisk<T extends (...args: never[]) => unknown>(actionType: string, resource: string, fn: T, config?: MCPGovernanceConfig): GovernedFunction<T> {
    this.#tools.push(fn.name || 'anonymous');
    return highRiskAction(this.#client, actionType, resource, { ...this.#defaults, ...config })(fn);
  }

  /** Names of the functions wrapped so far. */
  get governedTools(): string[] {
    return [...this.#tools];
  }
}
