/**
 * Webhook receivers for Node's `http` module and frameworks built on it (Express, Fastify's raw
 * request, Koa's `ctx.req`): read the raw body bytes, verify, answer.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createWebhookReceiver,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  verifyWebhook,
  WebhookVerificationError,
  type Signer,
  type VerifyWebhookOptions,
  type WebhookEvent,
  type WebhookReceipt,
  type WebhookReceiverOptions,
} from '@ascend/core';
import { nodeSigner } from './signer.js';

/**
 * A Node request, possibly passed through body-parsing middleware: `body` is what the middleware
 * left (a `Buffer` from `express.raw()`, a string from `express.text()`, an object from
 * `express.json()`), or `undefined` when nothing parsed it.
 */
export type NodeWebhookRequest = IncomingMessage & {
  /** The body as a parser left it (`Buffer`, string or object), or `undefined` when unparsed. */
  body?: unknown;
};

/** Options of {@link verifyNodeWebhook}: {@link VerifyWebhookOptions} without `body`/`headers`, `signer` optional. */
export interface NodeWebhookOptions extends Omit<VerifyWebhookOptions, 'body' | 'headers' | 'signer'> {
  /** HMAC-SHA256 implementation. @defaultValue {@link nodeSigner} (node:crypto) */
  signer?: Signer;
  /** Largest accepted body in bytes (reason `body_too_large` above it). @defaultValue 1 MiB */
  maxBodyBytes?: number;
}

function tooLarge(maxBytes: number): WebhookVerificationError {
  return new WebhookVerificationError('body_too_large', `Webhook body exceeds ${maxBytes} bytes`);
}

function asBytes(chunk: Buffer): Uint8Array {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Reads the raw body of a Node request as bytes.
 *
 * Uses `req.body` when middleware already buffered it raw (`Buffer`/`Uint8Array` or string);
 * otherwise reads the stream, stopping at `maxBytes`.
 *
 * @throws {@link WebhookVerificationError} `parsed_body` when middleware parsed the body into an
 *   object (e.g. `express.json()`) or consumed the stream; `body_too_large` above `maxBytes`.
 */
export async function readNodeRequestBody(req: NodeWebhookRequest, maxBytes: number = DEFAULT_WEBHOOK_MAX_BODY_BYTES): Promise<Uint8Array> {
  const preset = req.body;
  if (preset !== undefined) {
    const bytes = preset instanceof Uint8Array ? preset : typeof preset === 'string' ? asBytes(Buffer.from(preset, 'utf8')) : undefined;
    if (!bytes) {
      throw new WebhookVerificationError(
        'parsed_body',
        'req.body was already parsed into an object (e.g. by express.json()), so the signed bytes are gone. ' +
          "Mount express.raw({ type: 'application/json' }) on the webhook route instead (before any JSON parser), " +
          'or no body parser at all.',
      );
    }
    if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }
  if (req.readableEnded) {
    throw new WebhookVerificationError(
      'parsed_body',
      'The request stream was already consumed by other middleware and req.body is not set; ' +
        "verify before any body parser, or use express.raw({ type: 'application/json' }) on this route.",
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += buffer.byteLength;
      if (size > maxBytes) {
        cleanup();
        // Discard the rest so the 413 can still be written.
        req.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(asBytes(Buffer.concat(chunks, size)));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error('The request was closed before its body was complete'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Verifies a webhook delivered to a Node `http` (or Express) handler: reads the raw body bytes,
 * then {@link verifyWebhook} with `req.headers`.
 *
 * @throws {@link WebhookVerificationError} as {@link verifyWebhook} does, plus `parsed_body` and
 *   `body_too_large` from {@link readNodeRequestBody}.
 *
 * @example Express
 * ```ts
 * app.post('/webhooks/ascend', express.raw({ type: 'application/json' }), async (req, res) => {
 *   const event = await verifyNodeWebhook(req, { secrets: process.env.ASCEND_WEBHOOK_SECRET! })
 *   …
 * })
 * ```
 */
export async function verifyNodeWebhook(req: NodeWebhookRequest, options: NodeWebhookOptions): Promise<WebhookEvent> {
  // maxBodyBytes bounds the read here and the parse of an owkai-sha256 body in verifyWebhook.
  const { signer = nodeSigner, ...verifyOptions } = options;
  const body = await readNodeRequestBody(req, options.maxBodyBytes);
  return verifyWebhook({ ...verifyOptions, signer, body, headers: req.headers });
}

/**
 * Writes a {@link WebhookReceipt} (status, JSON headers and body) to a Node response. Does
 * nothing if a response was already sent.
 */
export function writeWebhookReceipt(res: ServerResponse, receipt: WebhookReceipt): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(receipt.status, receipt.headers);
  res.end(JSON.stringify(receipt.body));
}

/** Options of {@link createNodeWebhookHandler}. */
export interface NodeWebhookHandlerOptions extends Omit<WebhookReceiverOptions, 'signer'> {
  /** HMAC-SHA256 implementation. @defaultValue {@link nodeSigner} (node:crypto) */
  signer?: Signer;
  /** Largest accepted body in bytes. @defaultValue 1 MiB */
  maxBodyBytes?: number;
}

/**
 * A complete webhook endpoint for `http.createServer` or Express: `(req, res) => void`.
 *
 * Answers 200 `{ status: 'processed' }` after `onEvent` resolves; 200 `{ status: 'duplicate' }`
 * for an event already accepted (default in-memory replay store); 401
 * `{ error: 'invalid_signature', reason }` for a delivery that fails verification; 405 for a
 * non-POST; 413 above `maxBodyBytes`; 500 when `onEvent` throws (the sender retries) or the
 * receiver is misconfigured (e.g. `express.json()` ran first: reason `parsed_body`).
 *
 * @throws {@link ConfigurationError} at creation for unusable options (e.g. a secret with whitespace).
 * @example
 * ```ts
 * http.createServer(createNodeWebhookHandler({
 *   secrets: process.env.ASCEND_WEBHOOK_SECRET!,
 *   onEvent: async (event) => { if (event.type === 'action.approved') await run(event.data.actionId) },
 * })).listen(8080)
 * ```
 */
export function createNodeWebhookHandler(options: NodeWebhookHandlerOptions): (req: NodeWebhookRequest, res: ServerResponse) => void {
  const { signer = nodeSigner, ...receiverOptions } = options;
  const { maxBodyBytes } = options;
  const receive = createWebhookReceiver({ ...receiverOptions, signer });
  return (req, res) => {
    receive({ method: req.method, headers: req.headers, readBody: () => readNodeRequestBody(req, maxBodyBytes) }).then(
      (receipt) => writeWebhookReceipt(res, receipt),
      // The receiver does not reject; this only guards against a broken socket while writing.
      () => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end();
        }
      },
    );
  };
}
