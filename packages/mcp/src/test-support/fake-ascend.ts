/**
 * A small local fake of the ASCEND endpoints governed tools use, as msw handlers. Test-only.
 * (`@ascend/testing` will replace it once its fake service is published.)
 */
import { http, HttpResponse, type HttpHandler } from 'msw';

/** One request the fake received, raw body included (to assert on the exact bytes sent). */
export interface RecordedRequest {
  method: string;
  path: string;
  rawBody: string;
  body: Record<string, unknown> | undefined;
}

/** How the fake answers a submit. */
export type SubmitAnswer =
  | { decision: 'allowed'; riskScore?: number }
  | { decision: 'denied'; reason?: string; policyViolations?: string[]; riskScore?: number }
  | { decision: 'pending'; approvalRequestId?: string }
  | { raw: Record<string, unknown> }
  | { status: number; body: Record<string, unknown> }
  | 'network_error';

type ActionState = { status: 'pending' } | { status: 'approved'; by: string } | { status: 'rejected'; by: string; reason: string };

/** The fake: handlers for msw plus controls and the recorded traffic. */
export interface FakeAscend {
  handlers: HttpHandler[];
  requests: RecordedRequest[];
  /** Decides each submit; defaults to allowed. */
  onSubmit: (body: Record<string, unknown>) => SubmitAnswer;
  /** Answer of the complete/fail endpoints. */
  reportStatus: number;
  killSwitch: { active: boolean; reason?: string };
  approve(actionId: string, by?: string): void;
  reject(actionId: string, reason: string, by?: string): void;
  /** Requests whose path ends with `suffix`. */
  to(suffix: string): RecordedRequest[];
}

/** Creates the fake for `baseUrl`. */
export function createLocalFakeAscend(baseUrl: string): FakeAscend {
  let nextId = 5001;
  const actions = new Map<string, ActionState>();
  const fake: FakeAscend = {
    handlers: [],
    requests: [],
    onSubmit: () => ({ decision: 'allowed' }),
    reportStatus: 200,
    killSwitch: { active: false },
    approve(actionId, by = 'ciso@corp.example') {
      actions.set(actionId, { status: 'approved', by });
    },
    reject(actionId, reason, by = 'ciso@corp.example') {
      actions.set(actionId, { status: 'rejected', by, reason });
    },
    to(suffix) {
      return fake.requests.filter((r) => r.path.endsWith(suffix));
    },
  };

  const record = async (request: Request): Promise<RecordedRequest> => {
    const rawBody = request.method === 'GET' ? '' : await request.text();
    let body: Record<string, unknown> | undefined;
    try {
      body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const entry = { method: request.method, path: new URL(request.url).pathname, rawBody, body };
    fake.requests.push(entry);
    return entry;
  };

  const submit = async ({ request }: { request: Request }) => {
    const { body } = await record(request);
    const answer = fake.onSubmit(body ?? {});
    if (answer === 'network_error') return HttpResponse.error();
    if ('status' in answer && 'body' in answer) return HttpResponse.json(answer.body, { status: answer.status });
    if ('raw' in answer) return HttpResponse.json(answer.raw);
    const actionId = nextId++;
    if (answer.decision === 'allowed') {
      return HttpResponse.json({ action_id: actionId, decision: 'allowed', status: 'approved', risk_score: answer.riskScore ?? 12, risk_level: 'low', execution_allowed: true });
    }
    if (answer.decision === 'denied') {
      return HttpResponse.json({
        action_id: actionId,
        decision: 'denied',
        status: 'denied',
        risk_score: answer.riskScore ?? 92,
        risk_level: 'critical',
        reason: answer.reason ?? 'Denied by policy',
        policy_violations: answer.policyViolations ?? [],
        execution_allowed: false,
      });
    }
    actions.set(String(actionId), { status: 'pending' });
    return HttpResponse.json({
      action_id: actionId,
      decision: 'pending',
      status: 'pending_approval',
      risk_score: 49,
      risk_level: 'medium',
      ...(answer.approvalRequestId ? { approval_request_id: answer.approvalRequestId } : {}),
    });
  };

  fake.handlers = [
    http.post(`${baseUrl}/api/v1/actions/submit`, submit),
    http.post(`${baseUrl}/api/v1/mcp/actions/submit`, submit),
    http.get(`${baseUrl}/api/v1/actions/:id/status`, async ({ request, params }) => {
      await record(request);
      const id = String(params['id']);
      const state = actions.get(id);
      if (!state) return HttpResponse.json({ detail: 'not found' }, { status: 404 });
      if (state.status === 'pending') return HttpResponse.json({ action_id: Number(id), decision: 'pending', status: 'pending' });
      if (state.status === 'approved') {
        return HttpResponse.json({ action_id: Number(id), decision: 'allowed', status: 'approved', reviewed_by: state.by });
      }
      return HttpResponse.json({ action_id: Number(id), decision: 'denied', status: 'rejected', rejected_by: state.by, rejection_reason: state.reason });
    }),
    http.post(`${baseUrl}/api/agent-action/:id/:kind`, async ({ request }) => {
      await record(request);
      return HttpResponse.json(fake.reportStatus < 300 ? { ok: true } : { detail: 'report failed' }, { status: fake.reportStatus });
    }),
    http.get(`${baseUrl}/api/sdk/kill-switch/status`, async ({ request }) => {
      await record(request);
      return HttpResponse.json({ active: fake.killSwitch.active, reason: fake.killSwitch.reason ?? null });
    }),
  ];
  return fake;
}
