/**
 * Webhook helpers for the Web `Request`/`Response` API: Hono, Next.js route handlers,
 * Cloudflare Workers, Deno, Bun. Nothing here runs at import time, so importing the module never
 * needs `Response` to exist.
 *
 * @packageDocumentation
 */
import { WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from './events.js';
import { createWebhookReceiver, DEFAULT_WEBHOOK_MAX_BODY_BYTES, webhookErrorReceipt, type WebhookReceipt, type WebhookReceiverOptions } from './receiver.js';
import { verifyWebhook, type VerifyWebhookOptions } from './verify.js';

/** Options of {@link verifyWebhookRequest}: {@link VerifyWebhookOptions} without `body` and `headers`. */
export interface VerifyWebhookRequestOptions extends Omit<VerifyWebhookOptions, 'body' | 'headers'> {
  /** Largest accepted body in bytes (reason `body_too_large` above it). @defaultValue 1 MiB */
  maxBodyBytes?: number;
}

/**
 * Reads a `Request`'s raw body as bytes, enforcing a size limit.
 *
 * @throws {@link WebhookVerificationError} `parsed_body` when the body was already consumed
 *   (e.g. by `await request.json()`), `body_too_large` above `maxBytes`.
 */
export async function readWebhookRequestBody(request: Request, maxBytes: number = DEFAULT_WEBHOOK_MAX_BODY_BYTES): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw new WebhookVerificationError(
      'parsed_body',
      'The request body was already read (e.g. by request.json()); verify before parsing, or verify a request.clone()',
    );
  }
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new WebhookVerificationError('body_too_large', `Webhook body exceeds ${maxBytes} bytes`);
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) {
    throw new WebhookVerificationError('body_too_large', `Webhook body exceeds ${maxBytes} bytes`);
  }
  return bytes;
}

/**
 * Verifies a Web `Request`: reads its raw body (`arrayBuffer()`) and headers, then
 * {@link verifyWebhook}. Consumes the body; parse the returned event instead of the request.
 *
 * @throws {@link WebhookVerificationError} as {@link verifyWebhook} does, plus `parsed_body` when the
 *   body was already read and `body_too_large` above `maxBodyBytes`.
 *
 * @example Hono
 * ```ts
 * app.post('/webhooks/ascend', async (c) => {
 *   try {
 *     const event = await verifyWebhookRequest(c.req.raw, { secrets: c.env.ASCEND_WEBHOOK_SECRET, signer })
 *     await handle(event)
 *     return c.json({ status: 'processed' })
 *   } catch (error) {
 *     return webhookErrorResponse(error)
 *   }
 * })
 * ```
 */
export async function verifyWebhookRequest(request: Request, options: VerifyWebhookRequestOptions): Promise<WebhookEvent> {
  // maxBodyBytes bounds the read here and the parse of an owkai-sha256 body in verifyWebhook.
  const body = await readWebhookRequestBody(request, options.maxBodyBytes);
  return verifyWebhook({ ...options, body, headers: request.headers });
}

function toResponse(receipt: WebhookReceipt): Response {
  return new Response(JSON.stringify(receipt.body), { status: receipt.status, headers: receipt.headers });
}

/**
 * The `Response` for an error thrown by {@link verifyWebhookRequest} (or anything else):
 * 401 `{ error: 'invalid_signature', reason }` for a delivery that fails verification, and the
 * other answers listed at {@link webhookErrorReceipt}. Never includes a message or a secret.
 */
export function webhookErrorResponse(error: unknown): Response {
  return toResponse(webhookErrorReceipt(error));
}

/** Options of {@link createWebhookRequestHandler}. */
export interface WebhookRequestHandlerOptions extends WebhookReceiverOptions {
  /** Largest accepted body in bytes. @defaultValue 1 MiB */
  maxBodyBytes?: number;
}

/**
 * A complete fetch-style webhook endpoint: `(request) => Promise<Response>`. Verifies, rejects
 * replays, runs `onEvent`, and answers as {@link createWebhookReceiver} describes (200, 401,
 * 405, 413 or 500 with a JSON body).
 *
 * @throws {@link ConfigurationError} at creation for unusable options.
 * @example Next.js route handler (app/api/webhooks/ascend/route.ts)
 * ```ts
 * export const POST = createWebhookRequestHandler({ secrets: env.ASCEND_WEBHOOK_SECRET, signer, onEvent })
 * ```
 */
export function createWebhookRequestHandler(options: WebhookRequestHandlerOptions): (request: Request) => Promise<Response> {
  const { maxBodyBytes } = options;
  const receive = createWebhookReceiver(options);
  return async (request) =>
    toResponse(
      await receive({
        method: request.method,
        headers: request.headers,
        readBody: () => readWebhookRequestBody(request, maxBodyBytes),
      }),
    );
}
