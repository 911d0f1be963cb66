/**
 * The 2.5.0 output-filter routes: its configuration, scanning content (findings kept as records
 * of the store, bounded) and the findings lists.
 * @internal
 */
import { body, limitOffset, nextId, positiveInt, type OperationHandler } from './handler-support.js';
import type { JsonObject } from './json.js';
import type { FakeFinding } from './management-records.js';
import type { OperationName } from './operations.js';
import { BodyReader, ok, validationError } from './validation.js';

/** At most this many findings are kept (oldest dropped first). */
const MAX_FINDINGS = 1000;

function findingBody(f: FakeFinding): JsonObject {
  return { id: f.id, action_id: f.actionId, agent_id: f.agentId, category: f.category, severity: f.severity, pattern: f.pattern, created_at: f.createdAt };
}

/** The output filter's patterns: category, severity, what it looks for. */
const PATTERNS: readonly { category: string; severity: string; name: string; re: RegExp }[] = [
  { category: 'pci', severity: 'critical', name: 'credit_card', re: /\b(?:\d[ -]?){13,16}\b/g },
  { category: 'pii', severity: 'high', name: 'us_ssn', re: /\b\d{3}-\d{2}-\d{4}\b/g },
  { category: 'secret', severity: 'critical', name: 'api_key', re: /\b(?:sk|owkai|ascend)_[A-Za-z0-9_]{8,}\b/g },
  { category: 'pii', severity: 'medium', name: 'email', re: /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g },
];

/** The handlers of the output-filter routes. */
export const OUTPUT_FILTER_HANDLERS = {
  getOutputFilterConfig: () =>
    ok({
      enabled: true,
      categories: [...new Set(PATTERNS.map((p) => p.category))],
      patterns: PATTERNS.map((p) => ({ name: p.name, category: p.category, severity: p.severity })),
      block_on_severity: 'critical',
      redact_on_severity: ['high', 'medium'],
    }),

  getOutputFindings: (ctx, req) => {
    const page = limitOffset(req.query, 50, 100);
    if ('status' in page) return page;
    const category = req.query.get('category');
    const severity = req.query.get('severity');
    const all = [...ctx.store.records('finding').values()].filter(
      (f) => (category === null || f.category === category) && (severity === null || f.severity === severity),
    );
    return ok({ findings: all.slice(page.offset, page.offset + page.limit).map(findingBody), total: all.length, limit: page.limit, offset: page.offset });
  },

  getOutputFindingsForAction: (ctx, req) => {
    const actionId = positiveInt(req.params['actionId']);
    if (actionId === null) return validationError({ action_id: 'Must be a positive integer' });
    const findings = [...ctx.store.records('finding').values()].filter((f) => f.actionId === actionId);
    return ok({ action_id: actionId, findings: findings.map(findingBody), total: findings.length });
  },

  scanOutput: (ctx, req) => {
    const read = body(req);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    const content = r.raw('content');
    if (typeof content !== 'string') r.errors['content'] = 'string required';
    const agentId = r.requiredString('agent_id');
    const actionId = r.optionalInt('action_id', 1, Number.MAX_SAFE_INTEGER, 'positive int or None');
    if (!r.valid) return r.failure();
    const text = content as string;
    const stored = ctx.store.records('finding');
    let id = nextId(stored.values());
    const found: FakeFinding[] = [];
    let redacted = text;
    for (const p of PATTERNS) {
      for (const _match of text.matchAll(p.re)) {
        found.push({ id: id++, actionId, agentId, category: p.category, severity: p.severity, pattern: p.name, createdAt: ctx.fx.iso() });
      }
      redacted = redacted.replace(p.re, `[REDACTED:${p.category}]`);
    }
    for (const finding of found) ctx.store.put('finding', finding);
    // Bounded: the oldest findings go first.
    for (const key of [...stored.keys()].slice(0, Math.max(0, stored.size - MAX_FINDINGS))) ctx.store.remove('finding', key);
    const result = found.some((f) => f.severity === 'critical') ? 'BLOCKED' : found.length > 0 ? 'REDACTED' : 'CLEAN';
    return ok({
      result,
      blocked: result === 'BLOCKED',
      findings_count: found.length,
      findings: found.map(findingBody),
      redacted_content: result === 'BLOCKED' ? null : redacted,
      scanned_at: ctx.fx.iso(),
    });
  },
} satisfies Partial<Record<OperationName, OperationHandler>>;
