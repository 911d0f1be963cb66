/**
 * Request authentication: the API key (`X-API-Key`, else `Authorization: Bearer`) against the
 * accepted keys, and the request signature when a signing secret is set. A refusal is audited
 * and answered 401.
 * @internal
 */
import type { ResolvedOptions } from './context.js';
import type { FakeHost } from './fake-host.js';
import type { OperationName } from './operations.js';
import { jsonResponse, type Serialized } from './response.js';
import { verifyRequestSignature } from './signature.js';

function bearer(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^Bearer\s+(.+)$/i.exec(value.trim());
  return m ? m[1]!.trim() : undefined;
}

function authenticate(apiKeys: ResolvedOptions['apiKeys'], headers: Record<string, string>): { ok: true; admin: boolean } | { ok: false; reason: string } {
  const fromHeader = headers['x-api-key'];
  const key = fromHeader !== undefined && fromHeader !== '' ? fromHeader : bearer(headers['authorization']);
  if (key === undefined || key === '') return { ok: false, reason: 'missing' };
  if (apiKeys === 'any') return { ok: true, admin: true };
  const entry = apiKeys.get(key);
  return entry ? { ok: true, admin: entry.admin } : { ok: false, reason: 'invalid' };
}

/**
 * Checks the API key of a request to `operation` (`health` needs none): whether it is an admin
 * key, or the 401 refusal (audited as `auth.failed`).
 */
export function authenticateRequest(
  host: FakeHost,
  operation: OperationName,
  path: string,
  headers: Record<string, string>,
): { readonly admin: boolean } | { readonly refusal: Serialized } {
  if (operation === 'health') return { admin: true };
  const auth = authenticate(host.ctx.options.apiKeys, headers);
  if (!auth.ok) {
    host.audit.append({ eventType: 'auth.failed', actor: 'anonymous', action: operation, outcome: 'rejected', details: { reason: auth.reason, path } });
    const detail = auth.reason === 'missing' ? 'Missing API key' : 'Invalid or expired API key';
    return { refusal: jsonResponse({ status: 401, body: { detail } }, { 'www-authenticate': 'Bearer' }) };
  }
  return { admin: auth.admin };
}

/**
 * Checks the signature of a request under `signingSecret`: null when it holds, else the 401
 * refusal (audited as `signature.rejected`).
 */
export async function checkSignature(
  host: FakeHost,
  signingSecret: string,
  operation: OperationName,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<Serialized | null> {
  const resolved = host.ctx.options;
  const check = await verifyRequestSignature(resolved.signer, signingSecret, {
    timestamp: headers['x-request-timestamp'] ?? null,
    signature: headers['x-signature'] ?? null,
    body,
    now: host.ctx.fx.now(),
    toleranceMs: resolved.signatureToleranceMs,
  });
  if (!check.ok) {
    host.audit.append({
      eventType: 'signature.rejected',
      actor: headers['x-agent-id'] ?? 'anonymous',
      action: operation,
      outcome: 'rejected',
      details: { problem: check.problem, path },
    });
    const detail =
      check.problem === 'missing'
        ? 'Missing request signature'
        : check.problem === 'stale-timestamp'
          ? 'Request timestamp outside the tolerance window'
          : 'Invalid request signature';
    return jsonResponse({ status: 401, body: { detail } });
  }
  return null;
}
