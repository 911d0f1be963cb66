/**
 * What the conformance script and the conformance server agree on: the test credentials, the
 * action types that select each decision, the path prefixes of the server's behaviours, and the
 * report format every runtime prints.
 *
 * Imported by the bundled script (every runtime) and by the Node-side server and harness, so it
 * holds plain data and pure functions only.
 *
 * @packageDocumentation
 */

/** The API key the server accepts (a test value, never a real credential). */
export const CONFORMANCE_API_KEY = 'ascend_conformance_key_0123456789';

/** The request-signing secret the server verifies `X-Signature` with under {@link PATHS.signed}. */
export const CONFORMANCE_SIGNING_SECRET = 'conformance-signing-secret-7f3a';

/** The secret the server signs its webhook deliveries with. */
export const CONFORMANCE_WEBHOOK_SECRET = 'whsec_conformance_5c1d9e';

/** Action types whose submission the server answers with the named decision. */
export const ACTION_TYPES = {
  allowed: 'conformance.allowed',
  denied: 'conformance.denied',
  pending: 'conformance.pending',
} as const;

/** Who the server names as the human approver of pending actions. */
export const APPROVER = 'conformance-approver@example.test';

/** Reason and violations the server gives for a denial. */
export const DENIAL = { reason: 'Refund above limit', policyViolations: ['FIN-001'], riskScore: 92 } as const;

/**
 * Path prefixes of the server. A client's `baseUrl` is the server origin plus one of these, so
 * one server offers every behaviour at once:
 *
 * - `ascend`: the ASCEND wire protocol, API key required.
 * - `signed`: the same, but every signable request must carry a valid `X-Signature`
 *   (HMAC-SHA256 over `X-Request-Timestamp + "." + raw body`), else 401.
 * - `outage`: `outage/<key>/…` answers 503 to everything and counts the requests per key.
 * - `control`: harness endpoints: `control/outage/<key>` (the request count of that outage) and
 *   `control/webhook?run=<id>&age=<seconds>` (one delivery signed in the documented scheme,
 *   timestamped `age` seconds ago).
 * - `static`: the Chromium page and its bundle, served from the same origin as the API.
 */
export const PATHS = {
  ascend: '/ascend',
  signed: '/signed',
  outage: '/outage',
  control: '/control',
  static: '/static',
} as const;

/** Header names of a webhook delivery (the documented scheme). */
export const WEBHOOK_HEADERS = { signature: 'X-Signature', timestamp: 'X-Timestamp' } as const;

/** What `control/webhook` returns: one delivery as the receiver would see it. */
export interface WebhookDelivery {
  /** Delivery headers, names as in {@link WEBHOOK_HEADERS}. */
  headers: Record<string, string>;
  /** The raw request body, exactly as signed. */
  body: string;
}

/** The outcome of one check. */
export interface CheckResult {
  /** Stable check id, e.g. `allowed`. */
  id: CheckId;
  /** True when every assertion of the check held. */
  ok: boolean;
  /** What was observed (on success) or what went wrong (on failure). */
  detail: string;
}

/** The checks, in the order they run. */
export const CHECK_IDS = ['allowed', 'denied', 'pending-approved', 'signed-request', 'webhook', 'breaker-fail-open', 'signing-vectors'] as const;

/** One of {@link CHECK_IDS}. */
export type CheckId = (typeof CHECK_IDS)[number];

/** Human titles of the checks. */
export const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
  allowed: 'allowed decision (+ completion report)',
  denied: 'denied decision with reason and violations',
  'pending-approved': 'pending, then approved after a status poll',
  'signed-request': 'signed request verified by the server; wrong secret gets 401',
  webhook: 'webhook delivery verified; tampered, stale and wrong-secret rejected',
  'breaker-fail-open': '503s give fail-open decisions, then the breaker opens and stops requests',
  'signing-vectors': 'canonical JSON and HMAC-SHA256 match the fixed vectors (reference §2.3, RFC 2104 empty key)',
};

/** The report of one conformance run: one runtime, one package. */
export interface ConformanceReport {
  /** Runtime label, e.g. `deno 2.9.6`. */
  runtime: string;
  /** The package under test, e.g. `@ascend/browser`. */
  package: string;
  /** One result per check, in {@link CHECK_IDS} order. */
  checks: CheckResult[];
}

/** The marker that starts the machine-readable line of a report. */
export const REPORT_MARKER = 'ASCEND_CONFORMANCE_REPORT ';

/**
 * Formats a report as text: a header, one line per check, the closing `N passed, N failed` line,
 * and a last line holding the JSON report after {@link REPORT_MARKER}.
 */
export function formatReport(report: ConformanceReport): string {
  const lines = [`# conformance: ${report.package} on ${report.runtime}`];
  report.checks.forEach((c, i) => {
    lines.push(`${c.ok ? 'ok' : 'not ok'} ${i + 1} - ${c.id}: ${CHECK_TITLES[c.id]} -- ${c.detail}`);
  });
  const passed = report.checks.filter((c) => c.ok).length;
  lines.push(`${passed} passed, ${report.checks.length - passed} failed`);
  lines.push(REPORT_MARKER + JSON.stringify(report));
  return lines.join('\n');
}

/** Extracts every report from a runtime's output; lines without the marker are ignored. */
export function parseReports(output: string): ConformanceReport[] {
  const reports: ConformanceReport[] = [];
  for (const line of output.split('\n')) {
    const at = line.indexOf(REPORT_MARKER);
    if (at === -1) continue;
    reports.push(JSON.parse(line.slice(at + REPORT_MARKER.length)) as ConformanceReport);
  }
  return reports;
}
