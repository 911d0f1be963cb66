/**
 * OpenTelemetry for ASCEND governance: spans and metrics for every governed call (through the
 * `telemetry` option of `@ascend/governance`, `@ascend/mcp` and the framework adapters), spans for
 * the client's own calls, and the W3C `traceparent` on requests to ASCEND.
 *
 * `@opentelemetry/api` is a peer dependency: register any OpenTelemetry SDK (or none: then every
 * tracer and meter is a no-op) and the spans and metrics go where the rest of your telemetry goes.
 *
 * @example
 * ```ts
 * import { AscendClient } from '@ascend/node'
 * import { governTool } from '@ascend/mcp'
 * import { createAscendTelemetry } from '@ascend/opentelemetry'
 *
 * const telemetry = createAscendTelemetry()
 * const client = new AscendClient({ agentId: 'billing-agent', traceContext: telemetry.traceContext })
 * const refund = governTool(client, { toolName: 'refund', telemetry }, async (args) => ({ content: [] }))
 * ```
 *
 * @packageDocumentation
 */
export { ATTRIBUTES, createAscendTelemetry, INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION, METRIC_NAMES, SPAN_NAMES, traceContext } from './telemetry.js';
export type { AscendTelemetry, AscendTelemetryOptions } from './telemetry.js';
