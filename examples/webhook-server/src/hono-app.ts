/**
 * The seed's webhook server on Hono. Only Web APIs are used (`c.req.raw` is a standard
 * `Request`), so the same app runs on Node (`@hono/node-server`), Deno, Bun and Cloudflare
 * Workers; pass the runtime's signer (node:crypto on Node, WebCrypto elsewhere).
 */
import { Hono } from 'hono';
import { verifyWebhookRequest, webhookErrorResponse, type Signer } from '@ascend/core';
import { typeOf, type EventRouter } from './router.js';

/** Options of {@link createHonoWebhookApp}. */
export interface HonoWebhookAppOptions {
  /** The webhook secret (several during a rotation). */
  secrets: string | readonly string[];
  /** HMAC-SHA256 implementation for this runtime. */
  signer: Signer;
  /** Routes verified events; de-duplicates by event id. */
  router: EventRouter;
  /** Error sink. @defaultValue console.error */
  onError?: (error: unknown) => void;
}

/** Creates the Hono app with `POST /webhooks/ascend`. */
export function createHonoWebhookApp(options: HonoWebhookAppOptions): Hono {
  const onError = options.onError ?? ((error: unknown) => console.error('Webhook handler error:', error));
  const app = new Hono();

  app.post('/webhooks/ascend', async (c) => {
    let event;
    try {
      // Reads the raw bytes with request.arrayBuffer(): do not call c.req.json() before this.
      event = await verifyWebhookRequest(c.req.raw, { secrets: options.secrets, signer: options.signer });
    } catch (error) {
      return webhookErrorResponse(error);
    }
    try {
      return c.json({ status: await options.router.handle(event), event: typeOf(event) });
    } catch (error) {
      onError(error);
      return c.json({ error: 'processing_failed' }, 500);
    }
  });

  return app;
}
