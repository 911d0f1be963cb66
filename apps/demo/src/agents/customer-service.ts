import { isAscendError, type AscendClient } from '@ascend/node';

/** A refund the customer asked for. */
export interface RefundRequest {
  customerId: string;
  orderId: string;
  amount: number;
  currency: string;
  reason: string;
}

/** What the agent did with it. */
export type RefundResult =
  | { status: 'completed'; refundId: string; actionId: string; approvedBy?: string | undefined }
  | { status: 'denied'; reason: string; actionId?: string }
  | { status: 'blocked'; reason: string };

/**
 * The seed's customer-service agent in TypeScript: every refund and every customer lookup is
 * governed; large refunds wait for a human.
 */
export class CustomerServiceAgent {
  private refunds = 0;

  constructor(private readonly client: AscendClient) {}

  /** Registers the agent's capabilities (once, at startup). */
  async start(): Promise<void> {
    await this.client.register({
      agentType: 'supervised',
      capabilities: ['transaction.refund', 'customer.lookup', 'order.status'],
      allowedResources: ['stripe_api', 'customer_db', 'order_db'],
    });
  }

  /** Processes a refund with governance; waits for a human when the policy asks for one. */
  async processRefund(request: RefundRequest): Promise<RefundResult> {
    let decision;
    try {
      decision = await this.client.evaluateAction(
        {
          actionType: 'transaction.refund',
          resource: 'stripe_api',
          parameters: { ...request },
          riskIndicators: { financial_data: true, amount_threshold: request.amount > 100 ? 'exceeded' : 'normal' },
          context: { user_request: `Refund ${request.currency} ${request.amount} for order ${request.orderId}` },
        },
        { waitForApproval: true, approvalTimeoutMs: 30_000, pollIntervalMs: 100 },
      );
    } catch (error) {
      if (isAscendError(error)) return { status: 'blocked', reason: `${error.code}: ${error.message}` };
      throw error;
    }
    if (decision.decision !== 'allowed') {
      return { status: 'denied', reason: decision.reason ?? 'denied', actionId: decision.actionId };
    }
    const started = Date.now();
    try {
      const refundId = `re_${++this.refunds}_${request.orderId}`; // the refund itself would call Stripe here
      await this.client.logActionCompleted(decision.actionId, { result: { refund_id: refundId, amount: request.amount }, durationMs: Date.now() - started });
      return { status: 'completed', refundId, actionId: decision.actionId, approvedBy: decision.approvedBy };
    } catch (error) {
      await this.client.logActionFailed(decision.actionId, { error: { code: 'REFUND_FAILED', message: String(error) }, durationMs: Date.now() - started });
      throw error;
    }
  }

  /** Looks a customer up; PII access is governed too. */
  async lookupCustomer(customerId: string): Promise<{ allowed: boolean; reason?: string | undefined }> {
    const decision = await this.client.evaluateAction({
      actionType: 'customer.lookup',
      resource: 'customer_db',
      parameters: { customer_id: customerId },
      riskIndicators: { pii_involved: true },
    });
    if (decision.decision === 'allowed') {
      await this.client.logActionCompleted(decision.actionId, { result: { fields: ['name', 'email'] }, durationMs: 0 });
      return { allowed: true };
    }
    return { allowed: false, reason: decision.reason };
  }
}
