/**
 * The telemetry port of the governed call: the pipeline names the spans and their attributes,
 * and a {@link GovernanceTelemetry} (e.g. `@ascend/opentelemetry`'s `createAscendTelemetry()`)
 * turns them into spans and metrics. Nothing here imports a tracing library: without a
 * `telemetry` option the pipeline does no telemetry work at all.
 *
 * A telemetry implementation that throws never changes a governed call: its exceptions are
 * caught, the call runs as if no telemetry were set, and its outcome is returned unchanged.
 */
import type { AuthorizationDecision } from '@ascend/core';
import type { GovernanceBlock, GovernanceClient, GovernedCall } from './types.js';

/** Span attribute values: strings, finite numbers and booleans only (never raw arguments or secrets). */
export type TelemetryAttributes = Record<string, string | number | boolean>;

/** The span of one governed call, as the pipeline sees it. */
export interface TelemetrySpan {
  /** Adds or replaces attributes. */
  setAttributes(attributes: TelemetryAttributes): void;
}

/**
 * Where the governed call's telemetry goes. `@ascend/opentelemetry` implements it with
 * OpenTelemetry; implement it yourself for another tracing system.
 */
export interface GovernanceTelemetry {
  /**
   * Runs `fn` inside a span named `name` (the pipeline uses {@link GOVERNED_CALL_SPAN}), with the
   * given starting attributes, and ends the span when `fn` settles. The span must be the active
   * one while `fn` runs, so the client's spans (and the `traceparent` of its requests) nest
   * under it. Must return (or throw) what `fn` returned (or threw).
   */
  span<T>(name: string, attributes: TelemetryAttributes, fn: (span: TelemetrySpan) => Promise<T>): Promise<T>;
  /**
   * Wraps the client, once per governor, so its calls get spans of their own (evaluate, wait for
   * approval, report) and feed the metrics. Optional; when it throws or returns something that
   * is not a client, the client is used as given.
   */
  instrumentClient?(client: GovernanceClient): GovernanceClient;
}

/** The name of the span around a governed call (or one phase of it, see {@link GOVERNANCE_ATTRIBUTES}). */
export const GOVERNED_CALL_SPAN = 'ascend.governed_call';

/**
 * The attributes the pipeline sets on {@link GOVERNED_CALL_SPAN}. Values are names, ids, words
 * and numbers: never the tool's arguments, its result, or a secret.
 */
export const GOVERNANCE_ATTRIBUTES = Object.freeze({
  /** The tool's name. */
  toolName: 'ascend.tool.name',
  /** The server or toolset name, when there is one. */
  serverName: 'ascend.server.name',
  /** The integration (`context.source`): `mcp_server`, `vercel_ai_sdk`, … */
  source: 'ascend.source',
  /** Which phase the span covers: `run` (the whole call), or `decide`, `resume`, `execute`, `block` when an integration calls one on its own. */
  phase: 'ascend.governance.phase',
  /** `enforce` or `shadow`. */
  enforcement: 'ascend.enforcement',
  /** The action type sent to ASCEND. */
  actionType: 'ascend.action.type',
  /** The resource sent to ASCEND. */
  resource: 'ascend.resource',
  /** The ASCEND action id, when a decision was obtained. */
  actionId: 'ascend.action.id',
  /** The (last) decision: `allowed`, `denied` or `pending`. */
  decision: 'ascend.decision',
  /** The service's risk score, when it sent one. */
  riskScore: 'ascend.risk.score',
  /** The risk level: the service's, else the policy's `riskLevel`. */
  riskLevel: 'ascend.risk.level',
  /** True when the decision is the client's fail-open synthesis. */
  failOpen: 'ascend.fail_open',
  /** `ran`, `blocked`, `shadowed` (ran in shadow mode although governance would have blocked it), `pending` (a pending verdict handed back), or `tool_error` (the tool threw). */
  outcome: 'ascend.outcome',
  /** Why the call was blocked (or, for `shadowed`, would have been): a `GovernanceBlockKind`. */
  blockKind: 'ascend.block.kind',
  /** The typed error code behind a block, e.g. `ACTION_DENIED`, `SERVICE_UNAVAILABLE`. */
  errorCode: 'ascend.error.code',
});

/**
 * The no-op span used when no telemetry is configured or it failed.
 * @internal
 */
export const NOOP_SPAN: TelemetrySpan = Object.freeze({ setAttributes: () => {} });

/** A span whose `setAttributes` never throws. */
function safeSpan(span: TelemetrySpan): TelemetrySpan {
  return {
    setAttributes(attributes) {
      try {
        span.setAttributes(attributes);
      } catch {
        // Telemetry never breaks a governed call.
      }
    },
  };
}

/**
 * Runs `fn` inside the telemetry's span, or without one. Whatever the telemetry does (throws
 * before calling `fn`, after it, or returns something else), `fn` runs exactly once and its own
 * result or exception is what the caller gets.
 * @internal
 */
export async function withTelemetrySpan<T>(
  telemetry: GovernanceTelemetry | undefined,
  name: string,
  attributes: TelemetryAttributes,
  fn: (span: TelemetrySpan) => Promise<T>,
): Promise<T> {
  if (!telemetry) return fn(NOOP_SPAN);
  let settled: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  let started = false;
  try {
    await telemetry.span(name, attributes, async (span) => {
      if (started) throw new Error('the telemetry ran the governed call twice');
      started = true;
      try {
        const value = await fn(safeSpan(span));
        settled = { ok: true, value };
        return value;
      } catch (error) {
        settled = { ok: false, error };
        throw error;
      }
    });
  } catch {
    // The call's own exception is rethrown below; a telemetry failure is ignored.
  }
  if (settled === undefined) {
    if (started) throw new Error('the telemetry ended the governed call before it settled');
    return fn(NOOP_SPAN);
  }
  if (settled.ok) return settled.value;
  throw settled.error;
}

/** The attributes of what a call is about (names only, never the parameters). */
export function callAttributes(call: GovernedCall): TelemetryAttributes {
  const attributes: TelemetryAttributes = {};
  if (call.actionType !== '') attributes[GOVERNANCE_ATTRIBUTES.actionType] = call.actionType;
  if (call.resource !== '') attributes[GOVERNANCE_ATTRIBUTES.resource] = call.resource;
  return attributes;
}

/** The attributes of a decision: id, decision word, risk, fail-open. */
export function decisionAttributes(decision: AuthorizationDecision | undefined): TelemetryAttributes {
  if (!decision) return {};
  const attributes: TelemetryAttributes = {
    [GOVERNANCE_ATTRIBUTES.decision]: decision.decision,
    [GOVERNANCE_ATTRIBUTES.failOpen]: decision.failOpen !== undefined,
  };
  if (typeof decision.actionId === 'string' && decision.actionId !== '') attributes[GOVERNANCE_ATTRIBUTES.actionId] = decision.actionId;
  if (typeof decision.riskScore === 'number' && Number.isFinite(decision.riskScore)) attributes[GOVERNANCE_ATTRIBUTES.riskScore] = decision.riskScore;
  if (typeof decision.riskLevel === 'string') attributes[GOVERNANCE_ATTRIBUTES.riskLevel] = decision.riskLevel;
  return attributes;
}

/** The attributes of a block: its kind, error code and decision. */
export function blockAttributes(block: GovernanceBlock): TelemetryAttributes {
  return {
    ...decisionAttributes(block.decision),
    ...(block.actionId ? { [GOVERNANCE_ATTRIBUTES.actionId]: block.actionId } : {}),
    [GOVERNANCE_ATTRIBUTES.blockKind]: block.kind,
    ...(block.error ? { [GOVERNANCE_ATTRIBUTES.errorCode]: block.error.code } : {}),
  };
}
