/**
 * The seed's webhook server on Express 5, using the all-in-one receiver.
 *
 * `express.raw({ type: 'application/json' })` keeps the body as the raw `Buffer` the signature
 * covers. Do not put `express.json()` in front of this route: the receiver would answer 500
 * `{ error: 'webhook_misconfigured', reason: 'parsed_body' }`.
 */
import express, { type Express } from 'express';
import type { ReplayStore } from '@ascend/core';
import { createNodeWebhookHandler } from '@ascend/node';
import type { EventRouter } from './router.js';

/** Options of {@link createExpressWebhookApp}. */
export interface ExpressWebhookAppOptions {
  /** The webhook secret (several during a rotation). */
  secrets: string | readonly string[];
  /** Routes verified events; de-duplicates by event id. */
  router: EventRouter;
  /** Replay store shared by all instances. @defaultValue one in-memory store for this app */
  replayStore?: ReplayStore;
  /** Error sink for rejected deliveries and handler failures. */
  onError?: (error: unknown) => void;
}

/** Creates the Express app with `POST /webhooks/ascend`. */
export function createExpressWebhookApp(options: ExpressWebhookAppOptions): Express {
  const app = express();
  app.post(
    '/webhooks/ascend',
    express.raw({ type: 'application/json' }),
    // Verifies, answers 401 to a bad delivery and 200 `duplicate` to one already accepted,
    // and answers 500 (forgetting the event so the sender's retry is processed) if the router throws.
    createNodeWebhookHandler({
      secrets: options.secrets,
      onEvent: async (event) => {
        await options.router.handle(event);
      },
      ...(options.replayStore ? { replayStore: options.replayStore } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    }),
  );
  return app;
}
