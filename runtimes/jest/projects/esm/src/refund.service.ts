// A NestJS-style provider: production code types its dependency as AscendClientLike and imports
// nothing from @ascend/testing.
import type { AscendClientLike } from '@ascend/node';

export class RefundService {
  constructor(private readonly ascend: AscendClientLike) {}

  async refund(orderId: string, amount: number): Promise<'refunded' | 'refused' | 'waiting'> {
    const decision = await this.ascend.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { order_id: orderId, amount } });
    if (decision.decision === 'denied') return 'refused';
    if (decision.decision === 'pending') return 'waiting';
    await this.ascend.logActionCompleted(decision.actionId, { result: { orderId } });
    return 'refunded';
  }
}
