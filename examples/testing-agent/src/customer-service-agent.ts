/**
 * The seed's customer-service agent, governed by ASCEND: refunds, customer lookups and database
 * queries each ask for a decision first and report the outcome afterwards.
 *
 * The agent depends on the few client methods it uses (a `Pick` of `AscendClient`), so tests can
 * hand it a `MockAscendClient` and production the real client. Side effects (payments, the
 * customer store, the database) are injected for the same reason.
 */
import { isAscendError, type AscendClient, type AuthorizationDecision } from '@ascend/node';

/** The ASCEND calls this agent makes. Both the real client and `MockAscendClient` fit. */
export type Governance = Pick<AscendClient, 'evaluateAction' | 'waitForDecision' | 'logActionCompleted' | 'logActionFailed' | 'register'>;

/** A refund the agent was asked to make. */
export interface RefundRequest {
  /** The customer asking. */
  customerId: string;
  /** The order to refund. */
  orderId: string;
  /** Amount, in `currency` units. */
  amount: number;
  /** ISO currency code. */
  currency: string;
  /** Why the customer asks. */
  reason: string;
}

/** What became of a refund request. */
export interface RefundResult {
  /** The outcome: refunded, waiting for a human, refused, blocked by the kill switch, or failed. */
  status: 'completed' | 'pending_approval' | 'denied' | 'blocked' | 'error';
  /** The payment provider's refund id, once completed. */
  refundId?: string;
  /** The ASCEND action id, when a decision was made. */
  actionId?: string;
  /** The approval request to follow up on, when pending. */
  approvalId?: string;
  /** Human-readable explanation. */
  message: string;
}

/** A customer record. */
export interface Customer {
  /** Customer id. */
  customerId: string;
  /** Full name (PII). */
  name: string;
  /** Email address (PII). */
  email: string;
}

/** The side effects the agent performs once allowed. */
export interface AgentServices {
  /** Issues a refund; resolves with the provider's refund id. */
  refund(request: RefundRequest): Promise<{ refundId: string }>;
  /** Reads a customer record. */
  findCustomer(customerId: string): Promise<Customer | undefined>;
  /** Runs a read-only query. */
  query(sql: string): Promise<unknown[]>;
}

/** Options of {@link CustomerServiceAgent}. */
export interface AgentOptions {
  /** Side effects; defaults to in-memory stand-ins. */
  services?: AgentServices;
  /**
   * Called with the decision right before a governed side effect runs: an audit hook in
   * production, and the seam a test uses to prove nothing ran without an allowed decision.
   */
  onExecute?: (decision: AuthorizationDecision, action: string) => void;
  /** Clock for durations. @defaultValue `Date.now` */
  now?: () => number;
}

const inMemoryServices: AgentServices = {
  async refund(request) {
    return { refundId: `ref_${request.orderId}` };
  },
  async findCustomer(customerId) {
    return { customerId, name: 'John Doe', email: 'john@example.com' };
  },
  async query() {
    return [];
  },
};

/** The seed's customer-service agent. */
export class CustomerServiceAgent {
  private readonly services: AgentServices;
  private readonly now: () => number;

  /** @param ascend - the real client or a `MockAscendClient`; @param options - see {@link AgentOptions}. */
  constructor(
    private readonly ascend: Governance,
    private readonly options: AgentOptions = {},
  ) {
    this.services = options.services ?? inMemoryServices;
    this.now = options.now ?? Date.now;
  }

  /** Registers the agent with its capabilities (the seed does this in its constructor). */
  async register(): Promise<void> {
    await this.ascend.register({
      agentType: 'automation',
      capabilities: ['transaction.refund', 'customer.lookup', 'order.status', 'database.query'],
      allowedResources: ['stripe_api', 'customer_db', 'order_db', 'analytics_db'],
    });
  }

  /** Asks ASCEND, then refunds only on an explicit allow; reports the outcome either way. */
  async processRefund(request: RefundRequest): Promise<RefundResult> {
    let decision: AuthorizationDecision;
    try {
      decision = await this.ascend.evaluateAction({
        actionType: 'transaction.refund',
        resource: 'stripe_api',
        // Parameters travel to ASCEND as they are, so they use the service's snake_case keys.
        parameters: {
          customer_id: request.customerId,
          order_id: request.orderId,
          amount: request.amount,
          currency: request.currency,
          reason: request.reason,
        },
        riskIndicators: { financial_data: true, amount_threshold: request.amount > 100 ? 'exceeded' : 'normal' },
        context: { user_request: `Refund ${request.amount} ${request.currency} for order ${request.orderId}` },
      });
    } catch (error) {
      return this.notDecided(error);
    }
    return this.afterDecision(decision, request);
  }

  /** Waits for a pending refund's approval, then refunds or reports the denial. */
  async resumeRefund(pending: AuthorizationDecision, request: RefundRequest, timeoutMs?: number): Promise<RefundResult> {
    if (pending.decision !== 'pending') return this.afterDecision(pending, request);
    let decision: AuthorizationDecision;
    try {
      decision = await this.ascend.waitForDecision(pending, timeoutMs === undefined ? {} : { timeoutMs });
    } catch (error) {
      return this.notDecided(error);
    }
    return this.afterDecision(decision, request);
  }

  /** Looks up a customer (PII) when allowed. */
  async lookupCustomer(customerId: string): Promise<Customer | { error: string }> {
    const decision = await this.ascend.evaluateAction({
      actionType: 'customer.lookup',
      resource: 'customer_db',
      parameters: { customer_id: customerId },
      riskIndicators: { pii_involved: true },
    });
    if (decision.decision !== 'allowed') return { error: `Access denied: ${decision.reason ?? decision.decision}` };
    this.options.onExecute?.(decision, 'lookup_customer');
    const customer = await this.services.findCustomer(customerId);
    await this.ascend.logActionCompleted(decision.actionId, { result: { found: customer !== undefined } });
    return customer ?? { error: `No customer ${customerId}` };
  }

  /** Runs a read-only query when allowed (the seed's `query_database`). */
  async queryDatabase(sql: string): Promise<unknown[] | { error: string }> {
    const decision = await this.ascend.evaluateAction({ actionType: 'database.query', resource: 'analytics_db', parameters: { query: sql } });
    if (decision.decision !== 'allowed') return { error: `Query denied: ${decision.reason ?? decision.decision}` };
    this.options.onExecute?.(decision, 'query_database');
    const rows = await this.services.query(sql);
    await this.ascend.logActionCompleted(decision.actionId, { result: { rows: rows.length } });
    return rows;
  }

  private async afterDecision(decision: AuthorizationDecision, request: RefundRequest): Promise<RefundResult> {
    switch (decision.decision) {
      case 'allowed':
        return this.executeRefund(decision, request);
      case 'pending':
        return {
          status: 'pending_approval',
          actionId: decision.actionId,
          ...(decision.approvalRequestId ? { approvalId: decision.approvalRequestId } : {}),
          message: `Refund requires approval. ID: ${decision.approvalRequestId ?? decision.actionId}`,
        };
      case 'denied':
        return { status: 'denied', actionId: decision.actionId, message: `Refund denied: ${decision.reason ?? 'no reason given'}` };
    }
  }

  private async executeRefund(decision: AuthorizationDecision, request: RefundRequest): Promise<RefundResult> {
    const start = this.now();
    this.options.onExecute?.(decision, 'process_refund');
    try {
      const { refundId } = await this.services.refund(request);
      await this.ascend.logActionCompleted(decision.actionId, { result: { refund_id: refundId, amount: request.amount }, durationMs: this.now() - start });
      return { status: 'completed', refundId, actionId: decision.actionId, message: `Refund ${refundId} processed successfully` };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.ascend.logActionFailed(decision.actionId, { error: { code: 'REFUND_FAILED', message }, durationMs: this.now() - start });
      return { status: 'error', actionId: decision.actionId, message: `Refund failed: ${message}` };
    }
  }

  /** No decision: the kill switch, fail-closed unavailability, or an approval timeout. Nothing runs. */
  private notDecided(error: unknown): RefundResult {
    if (isAscendError(error, 'KILL_SWITCH_ACTIVE')) return { status: 'blocked', message: `All actions are blocked: ${error.reason ?? 'kill switch'}` };
    if (isAscendError(error, 'GOVERNANCE_UNAVAILABLE')) return { status: 'error', message: 'Governance is unavailable; the refund was not made' };
    if (isAscendError(error, 'APPROVAL_TIMEOUT')) return { status: 'pending_approval', actionId: error.actionId, message: 'Still waiting for approval' };
    throw error;
  }
}
