/**
 * Signed test deliveries with the opt-in `owkai-sha256` scheme (the OWkai backend's signer):
 * what `createWebhookDelivery` builds verifies under that scheme, and only under it.
 */
import { createHmac } from 'node:crypto';
import { isAscendError, verifyWebhook } from '@ascend/core';
import { nodeSigner } from '@ascend/node';
import { describe, expect, it } from 'vitest';
import { createWebhookDelivery } from './webhook-delivery.js';

const SECRET = 'ab'.repeat(32);

describe('createWebhookDelivery with owkai-sha256', () => {
  it('builds a delivery with the backend headers that verifyWebhook accepts under that scheme', async () => {
    const d = await createWebhookDelivery({ secret: SECRET, event: 'action.approved', data: { action_id: 4, approved_by: 'ciso' }, scheme: 'owkai-sha256' });
    expect(Object.keys(d.headers).sort()).toEqual([
      'Content-Type',
      'User-Agent',
      'X-OWkai-Delivery-ID',
      'X-OWkai-Event-ID',
      'X-OWkai-Signature',
      'X-OWkai-Timestamp',
    ]);
    const mac = createHmac('sha256', SECRET).update(`${d.timestamp}.${d.body}`).digest('hex');
    expect(d.headers['X-OWkai-Signature']).toBe(`sha256=${mac}`);
    const event = await verifyWebhook({ body: d.body, headers: d.headers, secrets: SECRET, signer: nodeSigner, scheme: 'owkai-sha256' });
    expect(event).toMatchObject({ type: 'action.approved', id: d.eventId, data: { actionId: '4', approvedBy: 'ciso' } });
    const refused = await verifyWebhook({ body: d.body, headers: d.headers, secrets: SECRET, signer: nodeSigner }).catch((e: unknown) => e);
    expect(isAscendError(refused) && refused.code).toBe('WEBHOOK_VERIFICATION_FAILED');
  });
});
