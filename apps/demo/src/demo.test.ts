import { describe, expect, it } from 'vitest';
import { runDemo } from './demo.js';
import { memoryReporter } from './reporter.js';

describe('the demo', () => {
  it('runs every scenario against the embedded dev server with the expected outcomes', async () => {
    const reporter = memoryReporter();
    const report = await runDemo({ reporter });
    expect(report.outcomes).toEqual({
      'small refund': 'completed',
      'large refund': 'completed',
      'very large refund': 'denied',
      'customer lookup': 'allowed',
      pipeline: 'completed',
      'production delete': 'denied',
      'resumed approval': 'allowed',
      forbidden: 'denied',
      bulk: '3/4',
      'mcp query_database': 'ran',
      'mcp delete_records': 'ran',
      'mcp drop_table': 'blocked',
      'mcp redaction': 'redacted',
      'ai-sdk lookup': 'ran',
      'ai-sdk refund 75': 'ran',
      'ai-sdk refund 250': 'ran',
      'ai-sdk refund 900': 'blocked',
      'openai-agents refund 250': 'ran after approval',
      'openai-agents refund 900': 'not run',
      'kill switch': 'blocked',
      'fail-closed': 'GOVERNANCE_UNAVAILABLE',
      'fail-open': 'allowed (fail-open)',
      'spooled report': 'delivered',
    });
    expect(report.reviews).toBeGreaterThanOrEqual(5);
    expect(report.auditEvents).toBeGreaterThan(20);
    expect(report.webhookEvents).toContain('action.approved');
    expect(report.webhookEvents).toContain('action.denied');
    // The narration never prints a secret.
    const text = reporter.lines.join('\n');
    expect(text).not.toContain('demo-signing-secret');
    expect(text).not.toContain('whsec_demo_receiver');
  }, 60_000);
});
