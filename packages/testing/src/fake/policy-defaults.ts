/**
 * The fake's default policy: the rules modelled on the seed examples, and the outcome when no
 * rule matches.
 *
 * @packageDocumentation
 */
import type { PolicyDefault, PolicyRule } from './policy-types.js';

/**
 * The default rules, modelled on the seed examples. First match wins:
 *
 * 1. `forbidden-destructive` — `*.drop`, `*.truncate`, `system.shutdown`, `system.format`: deny
 *    (violations `SEC-001`, risk 95).
 * 2. `refund-within-limit` — `*.refund` with `amount <= 100`: allow (risk 25).
 * 3. `refund-requires-approval` — any other `*.refund` (above 100 or without an amount): approval
 *    (risk 65, approvers `finance-approvers`).
 * 4. `large-payment` — `financial.*`, `payment.*`, `transaction.*` with `amount > 1000`: approval
 *    (risk 75).
 * 5. `delete-on-production` — `*delete*` on a `*prod*` resource: approval (risk 80).
 * 6. `human-approval-requested` — `context.require_human_approval == true`: approval.
 * 7. `read-only` — `*.query`, `*.read`, `*.read_*`, `*.get`, `*.list`, `*.lookup`, `*.search`:
 *    allow (risk 10).
 *
 * Anything else gets {@link DEFAULT_POLICY_DEFAULT}: allowed.
 */
export const DEFAULT_POLICY_RULES: readonly PolicyRule[] = [
  {
    id: 'forbidden-destructive',
    name: 'Forbidden destructive actions',
    match: { actionType: ['*.drop', '*.truncate', 'system.shutdown', 'system.format'] },
    outcome: 'deny',
    reason: 'Destructive action is forbidden by policy',
    violations: ['SEC-001'],
    riskScore: 95,
  },
  {
    id: 'refund-within-limit',
    name: 'Refunds up to 100',
    match: { actionType: '*.refund', params: [{ param: 'amount', op: '<=', value: 100 }] },
    outcome: 'allow',
    reason: 'Refund within the automatic limit',
    riskScore: 25,
  },
  {
    id: 'refund-requires-approval',
    name: 'Refunds above 100 need approval',
    match: { actionType: '*.refund' },
    outcome: 'require_approval',
    reason: 'Refund above the automatic limit of 100 requires approval',
    riskScore: 65,
    approvers: ['finance-approvers'],
  },
  {
    id: 'large-payment',
    name: 'Large payments need approval',
    match: { actionType: ['financial.*', 'payment.*', 'transaction.*'], params: [{ param: 'amount', op: '>', value: 1000 }] },
    outcome: 'require_approval',
    reason: 'Payment above 1000 requires approval',
    riskScore: 75,
    approvers: ['finance-approvers'],
  },
  {
    id: 'delete-on-production',
    name: 'Deletes on production need approval',
    match: { actionType: '*delete*', resource: '*prod*' },
    outcome: 'require_approval',
    reason: 'Delete on a production resource requires approval',
    riskScore: 80,
    approvers: ['security-team'],
  },
  {
    id: 'human-approval-requested',
    name: 'Caller asked for human approval',
    match: { context: [{ param: 'require_human_approval', op: '==', value: true }] },
    outcome: 'require_approval',
    reason: 'Human approval was requested',
    approvers: ['security-team'],
  },
  {
    id: 'read-only',
    name: 'Reads and queries',
    match: { actionType: ['*.query', '*.read', '*.read_*', '*.get', '*.list', '*.lookup', '*.search'] },
    outcome: 'allow',
    reason: 'Read-only action',
    riskScore: 10,
  },
];

/** The default outcome when no rule matches: allow, risk from indicators. */
export const DEFAULT_POLICY_DEFAULT: PolicyDefault = { outcome: 'allow', reason: 'No policy matched; allowed by default' };
