/**
 * Names shared by the vendor's v1 and v2 surfaces: the action types and status words, as
 * `as const` objects merged with types of the same names.
 */

/** The action types the vendor's docs name, as an `as const` object and a type (any string is accepted as `actionType`). */
export const ActionType = {
  /** `'data_access'`. */
  DATA_ACCESS: 'data_access',
  /** `'data_modification'`. */
  DATA_MODIFICATION: 'data_modification',
  /** `'transaction'`. */
  TRANSACTION: 'transaction',
  /** `'recommendation'`. */
  RECOMMENDATION: 'recommendation',
  /** `'communication'`. */
  COMMUNICATION: 'communication',
  /** `'system_operation'`. */
  SYSTEM_OPERATION: 'system_operation',
  /** `'query'`. */
  QUERY: 'query',
  /** `'analysis'`. */
  ANALYSIS: 'analysis',
  /** `'report_generation'`. */
  REPORT_GENERATION: 'report_generation',
  /** `'api_call'`. */
  API_CALL: 'api_call',
} as const;
/** One named action type. */
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

/** The status words the service uses for an action, as an `as const` object and a type. */
export const DecisionStatus = {
  /** `'pending'`. */
  PENDING: 'pending',
  /** `'approved'`. */
  APPROVED: 'approved',
  /** `'denied'`. */
  DENIED: 'denied',
  /** `'requires_modification'`. */
  REQUIRES_MODIFICATION: 'requires_modification',
  /** `'timeout'`. */
  TIMEOUT: 'timeout',
  /** `'auto_approved'`. */
  AUTO_APPROVED: 'auto_approved',
  /** `'escalated'`. */
  ESCALATED: 'escalated',
} as const;
/** One status word. */
export type DecisionStatus = (typeof DecisionStatus)[keyof typeof DecisionStatus];
