/**
 * OpenTelemetry for ASCEND: spans and metrics for governed calls (the pipeline's telemetry port)
 * and for the client's own calls (evaluate, wait for approval, report), and the W3C
 * `traceparent` of the active span for the client's `traceContext` option.
 *
 * Only `@opentelemetry/api` is imported: with no SDK registered its tracer and meter are no-ops.
 */
import { metrics, SpanKind, SpanStatusCode, trace, isSpanContextValid, context, type Attributes, type Meter, type Span, type Tracer } from '@opentelemetry/api';
import type { AuthorizationDecision, TraceContextHeaders } from '@ascend/core';
import { GOVERNANCE_ATTRIBUTES, type GovernanceClient, type GovernanceTelemetry, type TelemetryAttributes, type TelemetrySpan } from '@ascend/governance';

/** The instrumentation scope name of the tracer and meter. */
export const INSTRUMENTATION_NAME = '@ascend/opentelemetry';

/** The version of this package, reported as the instrumentation scope version. */
export const INSTRUMENTATION_VERSION = '0.1.0';

/** The span names, besides the pipeline's `ascend.governed_call`. */
export const SPAN_NAMES = Object.freeze({
  /** The governed call as a whole (or one phase of it), from `@ascend/governance`. */
  governedCall: 'ascend.governed_call',
  /** One decision request: `evaluateAction` or `evaluateMcpAction`. */
  evaluate: 'ascend.evaluate',
  /** One wait for a human decision: `waitForDecision`. */
  waitForApproval: 'ascend.wait_for_approval',
  /** One completion or failure report: `logActionCompleted` or `logActionFailed`. */
  report: 'ascend.report',
});

/**
 * The attribute names: the pipeline's ({@link GOVERNANCE_ATTRIBUTES}) and the client spans' own.
 * Values are names, ids, words and numbers: never parameters, results, messages or secrets.
 */
export const ATTRIBUTES = Object.freeze({
  ...GOVERNANCE_ATTRIBUTES,
  /** Which decision endpoint: `actions` or `mcp`. */
  endpoint: 'ascend.endpoint',
  /** The state of the client's decisions breaker after the call: `closed`, `open` or `half-open`. */
  breakerState: 'ascend.breaker.state',
  /** Which breaker changed: `decisions` or `background` (metric attribute). */
  breaker: 'ascend.breaker',
  /** The breaker's state before a transition (metric attribute). */
  breakerFrom: 'ascend.breaker.from',
  /** The breaker's state after a transition (metric attribute). */
  breakerTo: 'ascend.breaker.to',
  /** `completed` or `failed`. */
  reportKind: 'ascend.report.kind',
  /** True when the service accepted the report now. */
  reportDelivered: 'ascend.report.delivered',
  /** True when the report was kept in the spool for replay. */
  reportSpooled: 'ascend.report.spooled',
  /** True for a fail-open action's report, kept in the local log. */
  reportLocal: 'ascend.report.local',
});

/** The metric instrument names. Durations are in seconds. */
export const METRIC_NAMES = Object.freeze({
  /** Counter: decisions by `ascend.decision` (`allowed`, `denied`, `pending`, or `error` with `ascend.error.code`) and `ascend.fail_open`. */
  decisions: 'ascend.decisions',
  /** Histogram (s): how long a decision request took, by `ascend.decision`. */
  decisionDuration: 'ascend.decision.duration',
  /** Histogram (s): how long a wait for a human took, by the final `ascend.decision` or `ascend.error.code` (e.g. `APPROVAL_TIMEOUT`). */
  approvalWaitDuration: 'ascend.approval.wait.duration',
  /** Counter: circuit breaker transitions, by `ascend.breaker`, `ascend.breaker.from`, `ascend.breaker.to`. */
  breakerTransitions: 'ascend.breaker.transitions',
  /** Gauge: reports waiting in the spools of the instrumented clients. */
  spoolDepth: 'ascend.report.spool.depth',
  /** Counter: governed calls by `ascend.outcome`, `ascend.block.kind`, `ascend.enforcement`, `ascend.tool.name`. */
  governedCalls: 'ascend.governed_calls',
  /** Histogram (s): how long a governed call took (tool included), by `ascend.outcome` and `ascend.enforcement`. */
  governedCallDuration: 'ascend.governed_call.duration',
});

/** Options of {@link createAscendTelemetry}. */
export interface AscendTelemetryOptions {
  /** The tracer. @defaultValue `trace.getTracer('@ascend/opentelemetry', version)` from the global tracer provider */
  tracer?: Tracer;
  /** The meter. @defaultValue `metrics.getMeter('@ascend/opentelemetry', version)` from the global meter provider */
  meter?: Meter;
}

/**
 * OpenTelemetry for ASCEND. Pass it as the pipeline's `telemetry` option (`@ascend/governance`,
 * `@ascend/mcp` and the framework adapters); wrap a client you call directly with
 * {@link AscendTelemetry.instrumentClient}; give the client `traceContext` for the `traceparent`
 * header.
 */
export interface AscendTelemetry extends GovernanceTelemetry {
  /**
   * The client with spans (`ascend.evaluate`, `ascend.wait_for_approval`, `ascend.report`) and
   * metrics around its decision, wait and report methods; every other member is the client's
   * own. Idempotent: instrumenting an instrumented client returns it.
   */
  instrumentClient<C extends GovernanceClient>(client: C): C;
  /** Runs `fn` in an active span; the pipeline's `ascend.governed_call` spans come from here. */
  span<T>(name: string, attributes: TelemetryAttributes, fn: (span: TelemetrySpan) => Promise<T>): Promise<T>;
  /** The `traceparent` of the active span, for the client's `traceContext` option (same as {@link traceContext}). */
  readonly traceContext: () => TraceContextHeaders | undefined;
}

/** Marks an instrumented client, so it is not wrapped twice. */
const INSTRUMENTED = Symbol.for('ascend.opentelemetry.instrumented');

/** The client members read beside the governance methods, when present. */
interface ObservableClient {
  status?: () => { circuit?: { name?: unknown }; spoolSize?: unknown; closed?: unknown };
  on?: (name: 'circuitStateChange', listener: (change: { from: string; to: string; breaker: string }) => unknown) => () => void;
}

/**
 * The W3C `traceparent` of the active span, or `undefined` when there is none (or it is not
 * sampled in and valid). Built from the span context itself, so it needs no propagator.
 *
 * @example
 * ```ts
 * const client = new AscendClient({ agentId: 'billing-agent', traceContext })
 * ```
 */
export function traceContext(): TraceContextHeaders | undefined {
  const span = trace.getSpanContext(context.active());
  if (!span || !isSpanContextValid(span)) return undefined;
  return { traceparent: `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, '0')}` };
}

/**
 * Creates the OpenTelemetry bridge: spans and metrics for governed calls and for the client.
 *
 * @example
 * ```ts
 * const telemetry = createAscendTelemetry()
 * const client = new AscendClient({ agentId: 'billing-agent', traceContext: telemetry.traceContext })
 * const refund = governTool(client, { toolName: 'refund', telemetry }, handler)
 * ```
 */
export function createAscendTelemetry(options: AscendTelemetryOptions = {}): AscendTelemetry {
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
  const meter = options.meter ?? metrics.getMeter(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
  const m = {
    decisions: meter.createCounter(METRIC_NAMES.decisions, { description: 'ASCEND decisions by outcome', unit: '{decision}' }),
    decisionDuration: meter.createHistogram(METRIC_NAMES.decisionDuration, { description: 'Duration of ASCEND decision requests', unit: 's' }),
    approvalWait: meter.createHistogram(METRIC_NAMES.approvalWaitDuration, { description: 'Time spent waiting for a human decision', unit: 's' }),
    breakerTransitions: meter.createCounter(METRIC_NAMES.breakerTransitions, { description: 'Circuit breaker state transitions', unit: '{transition}' }),
    governedCalls: meter.createCounter(METRIC_NAMES.governedCalls, { description: 'Governed tool calls by outcome', unit: '{call}' }),
    governedDuration: meter.createHistogram(METRIC_NAMES.governedCallDuration, { description: 'Duration of governed tool calls', unit: 's' }),
  };
  const observed = new Set<ObservableClient>();
  meter.createObservableGauge(METRIC_NAMES.spoolDepth, { description: 'Reports waiting in the client spools', unit: '{report}' }).addCallback((result) => {
    let depth = 0;
    for (const client of observed) {
      const status = safely(() => client.status?.());
      if (!status || status.closed === true) {
        observed.delete(client);
        continue;
      }
      if (typeof status.spoolSize === 'number') depth += status.spoolSize;
    }
    result.observe(depth);
  });
  const instrumented = new WeakMap<object, GovernanceClient>();

  async function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        // The code of a typed error only: messages may quote the service or the tool.
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode(error) ?? errorName(error) });
        span.setAttribute('error.type', errorCode(error) ?? errorName(error));
        throw error;
      } finally {
        span.end();
      }
    });
  }

  function breakerState(client: ObservableClient): Attributes {
    const name = safely(() => client.status?.().circuit?.name);
    return typeof name === 'string' ? { [ATTRIBUTES.breakerState]: name } : {};
  }

  function instrumentClient<C extends GovernanceClient>(client: C): C {
    if ((client as unknown as Record<symbol, unknown>)[INSTRUMENTED] === true) return client;
    const known = instrumented.get(client);
    if (known) return known as C;
    const raw = client as GovernanceClient & ObservableClient;
    if (typeof raw.status === 'function') observed.add(raw);
    if (typeof raw.on === 'function') {
      safely(() =>
        raw.on!('circuitStateChange', (change) =>
          m.breakerTransitions.add(1, { [ATTRIBUTES.breaker]: change.breaker, [ATTRIBUTES.breakerFrom]: change.from, [ATTRIBUTES.breakerTo]: change.to }),
        ),
      );
    }

    const evaluate = async (endpoint: 'actions' | 'mcp', request: unknown, call: () => Promise<AuthorizationDecision>): Promise<AuthorizationDecision> => {
      const attributes: Attributes = { [ATTRIBUTES.endpoint]: endpoint, ...requestAttributes(request) };
      const started = now();
      return inSpan(SPAN_NAMES.evaluate, SpanKind.CLIENT, attributes, async (span) => {
        try {
          const decision = await call();
          const attrs = decisionAttrs(decision);
          span.setAttributes({ ...attrs, ...breakerState(raw) });
          m.decisions.add(1, { [ATTRIBUTES.decision]: decision.decision, [ATTRIBUTES.failOpen]: decision.failOpen !== undefined });
          m.decisionDuration.record(seconds(started), { [ATTRIBUTES.decision]: decision.decision });
          return decision;
        } catch (error) {
          const code = errorCode(error) ?? 'UNKNOWN';
          span.setAttributes({ [ATTRIBUTES.errorCode]: code, ...breakerState(raw) });
          m.decisions.add(1, { [ATTRIBUTES.decision]: 'error', [ATTRIBUTES.errorCode]: code, [ATTRIBUTES.failOpen]: false });
          m.decisionDuration.record(seconds(started), { [ATTRIBUTES.decision]: 'error' });
          throw error;
        }
      });
    };

    const wrappers: Partial<Record<PropertyKey, unknown>> = {
      evaluateAction: (request: Parameters<GovernanceClient['evaluateAction']>[0], opts?: Parameters<GovernanceClient['evaluateAction']>[1]) =>
        evaluate('actions', request, () => raw.evaluateAction(request, opts)),
      waitForDecision: (pending: Parameters<GovernanceClient['waitForDecision']>[0], opts?: Parameters<GovernanceClient['waitForDecision']>[1]) => {
        const actionId = typeof pending?.actionId === 'string' ? pending.actionId : undefined;
        const started = now();
        return inSpan(SPAN_NAMES.waitForApproval, SpanKind.INTERNAL, actionId ? { [ATTRIBUTES.actionId]: actionId } : {}, async (span) => {
          try {
            const decision = await raw.waitForDecision(pending, opts);
            span.setAttributes(decisionAttrs(decision));
            m.approvalWait.record(seconds(started), { [ATTRIBUTES.decision]: decision.decision });
            return decision;
          } catch (error) {
            const code = errorCode(error) ?? 'UNKNOWN';
            span.setAttribute(ATTRIBUTES.errorCode, code);
            m.approvalWait.record(seconds(started), { [ATTRIBUTES.errorCode]: code });
            throw error;
          }
        });
      },
      logActionCompleted: (actionId: string, report?: Parameters<GovernanceClient['logActionCompleted']>[1]) =>
        reportSpan('completed', actionId, () => raw.logActionCompleted(actionId, report)),
      logActionFailed: (actionId: string, report: Parameters<GovernanceClient['logActionFailed']>[1]) =>
        reportSpan('failed', actionId, () => raw.logActionFailed(actionId, report)),
      [INSTRUMENTED]: true,
    };
    if (typeof raw.evaluateMcpAction === 'function') {
      wrappers['evaluateMcpAction'] = (
        request: Parameters<NonNullable<GovernanceClient['evaluateMcpAction']>>[0],
        opts?: Parameters<NonNullable<GovernanceClient['evaluateMcpAction']>>[1],
      ) => evaluate('mcp', request, () => raw.evaluateMcpAction!(request, opts));
    }

    function reportSpan(kind: 'completed' | 'failed', actionId: string, send: () => Promise<unknown>): Promise<unknown> {
      return inSpan(
        SPAN_NAMES.report,
        SpanKind.CLIENT,
        { [ATTRIBUTES.reportKind]: kind, ...(typeof actionId === 'string' ? { [ATTRIBUTES.actionId]: actionId } : {}) },
        async (span) => {
          const receipt = await send();
          if (typeof receipt === 'object' && receipt !== null) {
            const r = receipt as { delivered?: unknown; spooled?: unknown; local?: unknown; error?: unknown };
            const attrs: Attributes = {};
            if (typeof r.delivered === 'boolean') attrs[ATTRIBUTES.reportDelivered] = r.delivered;
            if (typeof r.spooled === 'boolean') attrs[ATTRIBUTES.reportSpooled] = r.spooled;
            if (r.local === true) attrs[ATTRIBUTES.reportLocal] = true;
            const code = errorCode(r.error);
            if (code) attrs[ATTRIBUTES.errorCode] = code;
            span.setAttributes(attrs);
          }
          return receipt;
        },
      );
    }

    const proxy = new Proxy(client, {
      get(target, prop) {
        if (Object.hasOwn(wrappers, prop)) return wrappers[prop];
        const value: unknown = Reflect.get(target, prop, target);
        // Methods run on the client itself (its private fields are not reachable through a proxy).
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    instrumented.set(client, proxy);
    return proxy;
  }

  function span<T>(name: string, attributes: TelemetryAttributes, fn: (span: TelemetrySpan) => Promise<T>): Promise<T> {
    const started = now();
    const latest: TelemetryAttributes = { ...attributes };
    return inSpan(name, SpanKind.INTERNAL, attributes, async (otelSpan) => {
      let threw = false;
      try {
        return await fn({
          setAttributes(attrs) {
            Object.assign(latest, attrs);
            otelSpan.setAttributes(attrs);
          },
        });
      } catch (error) {
        threw = true;
        throw error;
      } finally {
        if (name === SPAN_NAMES.governedCall) {
          const outcome = latest[ATTRIBUTES.outcome] ?? (threw ? 'tool_error' : 'unknown');
          const attrs: Attributes = {
            [ATTRIBUTES.outcome]: outcome,
            [ATTRIBUTES.enforcement]: latest[ATTRIBUTES.enforcement] ?? 'enforce',
            ...(latest[ATTRIBUTES.toolName] !== undefined ? { [ATTRIBUTES.toolName]: latest[ATTRIBUTES.toolName] } : {}),
            ...(latest[ATTRIBUTES.blockKind] !== undefined ? { [ATTRIBUTES.blockKind]: latest[ATTRIBUTES.blockKind] } : {}),
          };
          m.governedCalls.add(1, attrs);
          m.governedDuration.record(seconds(started), { [ATTRIBUTES.outcome]: outcome, [ATTRIBUTES.enforcement]: attrs[ATTRIBUTES.enforcement] });
        }
      }
    });
  }

  return Object.freeze({ instrumentClient, span, traceContext });
}

/** The attributes of a decision request: action type and resource (never the parameters), and the risk level hinted in its context. */
function requestAttributes(request: unknown): Attributes {
  if (typeof request !== 'object' || request === null) return {};
  const r = request as { actionType?: unknown; resource?: unknown; verb?: unknown; context?: { risk_level?: unknown } };
  const attrs: Attributes = {};
  const actionType = typeof r.actionType === 'string' ? r.actionType : typeof r.verb === 'string' ? r.verb : undefined;
  if (actionType !== undefined) attrs[ATTRIBUTES.actionType] = actionType.slice(0, 256);
  if (typeof r.resource === 'string') attrs[ATTRIBUTES.resource] = r.resource.slice(0, 256);
  const risk = r.context?.risk_level;
  if (typeof risk === 'string') attrs[ATTRIBUTES.riskLevel] = risk.slice(0, 32);
  return attrs;
}

function decisionAttrs(decision: AuthorizationDecision): Attributes {
  const attrs: Attributes = { [ATTRIBUTES.decision]: decision.decision, [ATTRIBUTES.failOpen]: decision.failOpen !== undefined };
  if (typeof decision.actionId === 'string' && decision.actionId !== '') attrs[ATTRIBUTES.actionId] = decision.actionId;
  if (typeof decision.riskScore === 'number' && Number.isFinite(decision.riskScore)) attrs[ATTRIBUTES.riskScore] = decision.riskScore;
  if (typeof decision.riskLevel === 'string') attrs[ATTRIBUTES.riskLevel] = decision.riskLevel;
  return attrs;
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(error.name) ? error.name : 'Error';
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function now(): number {
  return performance.now();
}

function seconds(started: number): number {
  return Math.max(0, (performance.now() - started) / 1000);
}
