/**
 * The fake's request pipeline: one request in, one response out, for every transport. Records
 * the request, applies the faults before and after, routes it, authenticates it, replays or
 * remembers its idempotency key and runs the operation's handler.
 * @internal
 */
import { applyFaults, faultName } from './fault-steps.js';
import { authenticateRequest, checkSignature } from './fake-auth.js';
import { tick, type FakeHost } from './fake-host.js';
import { HANDLERS } from './handlers.js';
import type { ParsedRequest } from './handler-support.js';
import { copyJson, tryParseJson } from './json.js';
import { matchRoute } from './operations.js';
import type { RecordedOutcome } from './recorder.js';
import { jsonResponse, type Serialized } from './response.js';
import type { FakeRequest, FakeResponse } from './types.js';

function normalizeHeaders(headers: FakeRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
  } else {
    for (const [key, value] of Object.entries(headers as Record<string, string>)) out[key.toLowerCase()] = String(value);
  }
  return out;
}

async function processRequest(
  host: FakeHost,
  route: ReturnType<typeof matchRoute>,
  method: string,
  path: string,
  query: URLSearchParams,
  headers: Record<string, string>,
  body: string,
  json: ReturnType<typeof tryParseJson>,
): Promise<Serialized> {
  if (route.kind === 'not-found') return jsonResponse({ status: 404, body: { detail: 'Not Found' } });
  if (route.kind === 'bad-path') return jsonResponse({ status: 400, body: { detail: 'Malformed path', errors: { path: 'Invalid percent-encoding' } } });
  if (route.kind === 'method-not-allowed') {
    return jsonResponse({ status: 405, body: { detail: 'Method Not Allowed' } }, { allow: route.allowed.join(', ') });
  }
  const operation = route.operation;
  const auth = authenticateRequest(host, operation, path, headers);
  if ('refusal' in auth) return auth.refusal;
  const admin = auth.admin;
  const resolved = host.ctx.options;
  if (resolved.signingSecret !== null) {
    const refusal = await checkSignature(host, resolved.signingSecret, operation, path, headers, body);
    if (refusal) return refusal;
  }
  const idempotencyKey = method !== 'GET' ? headers['idempotency-key'] : undefined;
  const fingerprint = `${method} ${path}?${query.toString()}\n${body}`;
  if (idempotencyKey) {
    const stored = host.idempotency.get(idempotencyKey);
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        return jsonResponse({
          status: 422,
          body: {
            detail: 'Idempotency-Key was already used for a different request',
            errors: { 'Idempotency-Key': `first used for ${stored.operation} with a different method, path or body` },
          },
        });
      }
      host.idempotency.replayed(stored);
      return { status: stored.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' }, body: stored.body };
    }
  }
  const parsed: ParsedRequest = { operation, params: route.params, query, headers, body, json, admin };
  const result = await (route.handler ?? HANDLERS[operation])(host.ctx, parsed);
  const response = jsonResponse(result);
  if (idempotencyKey) {
    host.idempotency.set({ key: idempotencyKey, operation, fingerprint, status: response.status, body: response.body ?? '', replays: 0 });
  }
  return response;
}

function finish(record: { outcome: RecordedOutcome | undefined }, response: FakeResponse, fault: string | null): FakeResponse {
  if (response.networkError) record.outcome = { kind: 'network-error', fault: fault ?? 'outage' };
  else if (response.hang) record.outcome = { kind: 'hang', fault: fault ?? 'hang' };
  else record.outcome = { kind: 'response', status: response.status, body: response.body, fault };
  return response;
}

/** Answers one request (the transport-independent entry point). Never throws for bad input. */
export async function handleRequest(host: FakeHost, request: FakeRequest): Promise<FakeResponse> {
  tick(host.ctx);
  const method = String(request.method ?? 'GET').toUpperCase();
  const rawPath = request.path || '/';
  const q = rawPath.indexOf('?');
  const path = q >= 0 ? rawPath.slice(0, q) : rawPath;
  const query =
    request.query instanceof URLSearchParams ? new URLSearchParams(request.query) : new URLSearchParams(request.query ?? (q >= 0 ? rawPath.slice(q + 1) : ''));
  const headers = normalizeHeaders(request.headers);
  const body = request.body ?? '';
  const json = tryParseJson(body);
  const route = matchRoute(method, path);
  const operation = route.kind === 'match' ? route.operation : null;
  const record = host.recorder.record({
    at: host.ctx.fx.now(),
    method,
    path,
    query: query.toString(),
    headers,
    body,
    json,
    operation,
    idempotencyKey: headers['idempotency-key'] ?? null,
  });
  if (host.emitter.has('request')) host.emitter.emit('request', copyJson({ ...record }));

  const before = host.ctx.faults.take(operation, 'before');
  const beforeStep = await applyFaults(host.ctx, before, request.signal, null);
  if (beforeStep.kind === 'aborted') {
    record.outcome = { kind: 'aborted' };
    return { status: 0, headers: {}, body: null, hang: true, operation };
  }
  if (beforeStep.kind === 'answer') return finish(record, { ...beforeStep.response, operation }, faultName(before));

  let response: Serialized;
  try {
    response = await processRequest(host, route, method, path, query, headers, body, json);
  } catch (error) {
    // A bug in the fake must surface as a 500 the test can see, not as a transport crash.
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    response = jsonResponse({ status: 500, body: { detail: `Fake ASCEND internal error: ${detail}` } });
  }
  const correlation = headers['x-correlation-id'];
  if (correlation) response.headers['x-correlation-id'] = correlation;

  const after = host.ctx.faults.take(operation, 'after');
  const afterStep = await applyFaults(host.ctx, after, request.signal, response);
  if (afterStep.kind === 'aborted') {
    record.outcome = { kind: 'aborted' };
    return { status: 0, headers: {}, body: null, hang: true, operation };
  }
  if (afterStep.kind === 'answer') return finish(record, { ...afterStep.response, operation }, faultName(after));
  if (afterStep.kind === 'garbled') return finish(record, { ...afterStep.response, operation }, faultName(after));
  return finish(record, { ...response, operation }, null);
}
