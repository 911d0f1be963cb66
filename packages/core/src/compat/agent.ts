/**
 * The vendor's legacy `AuthorizedAgent` (`agent.ts` of its Node SDK 2.0): an agent identity bound
 * to an `OWKAIClient`, with `executeIfAuthorized` running a function only on an explicit approval.
 */
import { AuthorizationError, TimeoutError, ValidationError } from './errors.js';
import type { ActionListResponse, AgentAction, AuthorizationDecision } from './models.js';
import type { CompatOWKAIClient } from './owkai-client.js';
import { millis } from './v1.js';

/** What to authorize, for {@link CompatAuthorizedAgent}: an {@link AgentAction} without the agent (the agent's own). */
export interface AuthorizationOptions extends Omit<AgentAction, 'agentId' | 'agentName'> {
  /** Wait for a human when pending. @defaultValue true */
  waitForDecision?: boolean;
  /** How long to wait, ms. @defaultValue the agent's `defaultTimeout` */
  timeout?: number;
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(`${field} is required`, { [field]: 'Required field is missing or empty' });
  return value;
}

/**
 * An agent that asks before it acts. The adapters export it as `AuthorizedAgent`, creating an
 * `OWKAIClient` from the environment when none is given.
 *
 * @example
 * ```ts
 * import { AuthorizedAgent, ActionType } from '@ascend/node/compat'
 * const agent = new AuthorizedAgent('financial-advisor-001', 'Financial Advisor AI')
 * const portfolio = await agent.executeIfAuthorized({ actionType: ActionType.DATA_ACCESS, resource: 'portfolio' }, () => loadPortfolio())
 * ```
 */
export class CompatAuthorizedAgent {
  /** The agent's id. */
  readonly agentId: string;
  /** The agent's display name. */
  readonly agentName: string;
  /** The client it submits through. */
  readonly client: CompatOWKAIClient;
  /** Approval wait when an action says none, ms. */
  readonly defaultTimeout: number;

  /**
   * @throws `ValidationError` naming `agentId`, `agentName` or `defaultTimeout`.
   */
  constructor(agentId: string, agentName: string, client: CompatOWKAIClient, defaultTimeout = 60_000) {
    this.agentId = name(agentId, 'agentId');
    this.agentName = name(agentName, 'agentName');
    this.defaultTimeout = millis(defaultTimeout, 'defaultTimeout');
    this.client = client;
  }

  /**
   * Submits the action; by default waits for a human when it is pending.
   * @throws `TimeoutError` when the wait runs out (never an approval).
   */
  async requestAuthorization(options: AuthorizationOptions): Promise<AuthorizationDecision> {
    if (typeof options !== 'object' || options === null) throw new ValidationError('options must be an object', { options: 'Must be an object' });
    const decision = await this.client.submitAction({
      agentId: this.agentId,
      agentName: this.agentName,
      actionType: options.actionType,
      resource: options.resource,
      ...(options.resourceId === undefined ? {} : { resourceId: options.resourceId }),
      ...(options.details === undefined ? {} : { details: options.details }),
      ...(options.context === undefined ? {} : { context: options.context }),
      ...(options.riskIndicators === undefined ? {} : { riskIndicators: options.riskIndicators }),
    });
    if (options.waitForDecision !== false && decision.decision === 'pending') {
      return this.client.waitForDecision(decision.actionId, options.timeout || this.defaultTimeout);
    }
    return decision;
  }

  /**
   * Runs `executeFn` only when the service explicitly approved the action (a human's approval
   * included). A denial calls `onDenied` or throws `AuthorizationError`; a wait that runs out
   * throws `TimeoutError`; anything else throws `AuthorizationError`. `executeFn` never runs then.
   */
  async executeIfAuthorized<T>(
    options: Omit<AuthorizationOptions, 'waitForDecision'>,
    executeFn: () => T | Promise<T>,
    onDenied?: (decision: AuthorizationDecision) => T | Promise<T>,
  ): Promise<T> {
    if (typeof executeFn !== 'function') throw new ValidationError('executeFn must be a function', { executeFn: 'Must be a function' });
    const decision = await this.requestAuthorization({ ...options, waitForDecision: true });
    if (decision.decision === 'approved' && decision.executionAllowed) return executeFn();
    if (decision.decision === 'denied') {
      if (onDenied) return onDenied(decision);
      throw new AuthorizationError(`Action denied: ${decision.comments || 'No reason provided'}`, decision.policyViolations, decision.riskScore);
    }
    if (decision.decision === 'timeout')
      throw new TimeoutError('Authorization decision timed out', options.timeout || this.defaultTimeout, { actionId: decision.actionId });
    throw new AuthorizationError(`Unexpected authorization status: ${decision.decision}`, [], undefined, { decision: decision.decision });
  }

  /** Submits without waiting: true only for an immediate explicit approval. */
  async checkPermission(options: Omit<AuthorizationOptions, 'waitForDecision' | 'timeout'>): Promise<boolean> {
    const decision = await this.requestAuthorization({ ...options, waitForDecision: false });
    return decision.decision === 'approved' && decision.executionAllowed;
  }

  /** This agent's recent actions. */
  getRecentActions(limit = 10, status?: string): Promise<ActionListResponse> {
    return this.client.listActions({ limit, agentId: this.agentId, ...(status === undefined ? {} : { status }) });
  }
}
