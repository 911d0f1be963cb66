/**
 * With no OpenTelemetry SDK registered (only `@opentelemetry/api`, whose tracer and meter are
 * no-ops): governed calls run as before, nothing is recorded, and no trace header is sent.
 */
import { silentLogger } from '@ascend/core';
import { createToolGovernor } from '@ascend/governance';
import { MockAscendClient } from '@ascend/testing';
import { describe, expect, it } from 'vitest';
import { createAscendTelemetry, traceContext } from './index.js';

describe('without an SDK', () => {
  it('governs as usual, with no-op spans and no traceparent', async () => {
    const telemetry = createAscendTelemetry();
    const mock = new MockAscendClient({ client: { traceContext: telemetry.traceContext } });
    try {
      const governor = createToolGovernor(
        mock,
        {
          toolName: 'refund',
          source: 'test_framework',
          actionTypePrefix: 'tool',
          component: 'test',
          callerLabel: 'test caller',
          defaultSummary: () => ({ ok: true }),
        },
        { telemetry, logger: silentLogger },
      );
      let runs = 0;
      const outcome = await governor.run({}, () => ++runs);
      expect(outcome).toMatchObject({ ran: true, value: 1 });
      expect(traceContext()).toBeUndefined();
      expect(mock.service.requestsFor('submitAction')[0]!.headers['traceparent']).toBeUndefined();
      expect(mock.executions).toHaveLength(1);
    } finally {
      await mock.close();
    }
  });
});
