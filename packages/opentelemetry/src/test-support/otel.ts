/**
 * OpenTelemetry SDK pieces for the tests: a tracer provider with the in-memory span exporter, a
 * meter provider whose reader exports to the in-memory metric exporter on demand, and the
 * AsyncLocalStorage context manager (so spans nest across awaits).
 */
import { context, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll } from 'vitest';
import { createAscendTelemetry, type AscendTelemetry } from '../index.js';

/** Installs the AsyncLocalStorage context manager for the file's tests. */
export function useContextManager(): void {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(manager.enable());
  });
  afterAll(() => {
    manager.disable();
    context.disable();
  });
}

/** One data point of a metric, as exported. */
export interface Point {
  attributes: Attributes;
  value: unknown;
}

/** A fresh telemetry with its own exporters. */
export interface Harness {
  telemetry: AscendTelemetry;
  /** Finished spans, in the order they ended. */
  spans(): ReadableSpan[];
  /** The finished spans named `name`. */
  named(name: string): ReadableSpan[];
  /** Runs `fn` inside a parent span `test.request`; returns the result and the parent. */
  inParent<T>(fn: () => Promise<T>): Promise<{ result: T; parent: ReadableSpan }>;
  /** The data points of metric `name` (cumulative since the harness was created). */
  points(name: string): Promise<Point[]>;
  /** Shuts the providers down. */
  shutdown(): Promise<void>;
}

export function harness(): Harness {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Exports only when the test asks (forceFlush); the interval never fires during a test.
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const tracer = tracerProvider.getTracer('test');
  const telemetry = createAscendTelemetry({ tracer, meter: meterProvider.getMeter('test') });
  const spans = () => spanExporter.getFinishedSpans();
  return {
    telemetry,
    spans,
    named: (name) => spans().filter((s) => s.name === name),
    async inParent(fn) {
      let parentId = '';
      const result = await tracer.startActiveSpan('test.request', async (span) => {
        parentId = span.spanContext().spanId;
        try {
          return await fn();
        } finally {
          span.end();
        }
      });
      const parent = spans().find((s) => s.spanContext().spanId === parentId)!;
      return { result, parent };
    },
    async points(name) {
      metricExporter.reset();
      await reader.forceFlush();
      const out: Point[] = [];
      for (const resource of metricExporter.getMetrics()) {
        for (const scope of resource.scopeMetrics) {
          for (const metric of scope.metrics) {
            if (metric.descriptor.name !== name) continue;
            for (const p of metric.dataPoints) out.push({ attributes: p.attributes, value: p.value });
          }
        }
      }
      return out;
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/** The span id of a span's parent, or undefined for a root. */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The `traceparent` a request sent inside `span` carries. */
export function traceparentOf(span: ReadableSpan): string {
  const c = span.spanContext();
  return `00-${c.traceId}-${c.spanId}-${c.traceFlags.toString(16).padStart(2, '0')}`;
}
