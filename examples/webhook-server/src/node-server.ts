/**
 * The seed's webhook server on Node's own `http` module, using the building blocks:
 * `verifyNodeWebhook` reads the raw body bytes and verifies; a failure is answered by
 * `webhookErrorReceipt` (401 `{ error: 'invalid_signature', reason }` for a bad delivery).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { webhookErrorReceipt, type Signer } from '@ascend/core';
import { verifyNodeWebhook, writeWebhookReceipt } from '@ascend/node';
import { typeOf, type EventRouter } from './router.js';

/** Options of {@link createNodeWebhookServer}. */
export interface NodeWebhookServerOptions {
  /** The webhook secret (several during a rotation). */
  secrets: string | readonly string[];
  /** Routes verified events; de-duplicates by event id. */
  router: EventRouter;
  /** Endpoint path. @defaultValue '/webhooks/ascend' */
  path?: string;
  /** HMAC signer. @defaultValue node:crypto */
  signer?: Signer;
  /** Error sink. @defaultValue console.error */
  onError?: (error: unknown) => void;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Creates (but does not start) the server. */
export function createNodeWebhookServer(options: NodeWebhookServerOptions): Server {
  const path = options.path ?? '/webhooks/ascend';
  const onError = options.onError ?? ((error: unknown) => console.error('Webhook handler error:', error));

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return json(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') return json(res, 405, { error: 'method_not_allowed' });

    void (async () => {
      let event;
      try {
        event = await verifyNodeWebhook(req, { secrets: options.secrets, ...(options.signer ? { signer: options.signer } : {}) });
      } catch (error) {
        return writeWebhookReceipt(res, webhookErrorReceipt(error));
      }
      try {
        json(res, 200, { status: await options.router.handle(event), event: typeOf(event) });
      } catch (error) {
        // Not processed: a 5xx makes the sender retry, and the router has not marked the id done.
        onError(error);
        json(res, 500, { error: 'processing_failed' });
      }
    })();
  });
}
