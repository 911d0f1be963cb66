/**
 * The client-side checks of the real client, repeated by the mock so that a request the real
 * client would reject is rejected in unit tests too (same fields, same order, same messages).
 * @internal
 */
import { ValidationError, type ActionRequest, type McpActionRequest } from '@ascend/core';

const ACTION_REQUEST_KEYS = new Set([
  'actionType',
  'resource',
  'resourceId',
  'parameters',
  'context',
  'riskIndicators',
  'orchestrationSessionId',
  'parentActionId',
  'orchestrationDepth',
  'mcpServerName',
  'modelId',
]);

/** True for a plain (non-array) object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-blank string, or a `ValidationError` naming `field`. */
export function required(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field}: Required field is missing or empty`, { [field]: 'Required field is missing or empty' });
  }
  return value;
}

/** Rejects a value that is given but not an object. */
export function optionalObject(value: unknown, field: string): void {
  if (value !== undefined && value !== null && !isObject(value)) {
    throw new ValidationError(`${field} must be an object`, { [field]: 'Must be an object' });
  }
}

/** The same client-side checks, in the same order, as the real client's submit (§3.3). */
export function validateActionRequest(req: ActionRequest): void {
  if (!isObject(req)) throw new ValidationError('action request must be an object', { request: 'Must be an object' });
  for (const key of Object.keys(req)) {
    if (!ACTION_REQUEST_KEYS.has(key)) {
      throw new ValidationError(`unknown field ${key}`, { [key]: `Unknown field; allowed: ${[...ACTION_REQUEST_KEYS].join(', ')}` });
    }
  }
  required(req.actionType, 'actionType');
  required(req.resource, 'resource');
  const depth = req.orchestrationDepth;
  if (depth !== undefined && (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 0 || depth > 5)) {
    throw new ValidationError('orchestrationDepth: Out of range (0..5)', { orchestrationDepth: 'Out of range (0..5)' });
  }
  for (const field of ['resourceId', 'orchestrationSessionId', 'mcpServerName', 'modelId'] as const) {
    const v = req[field];
    if (v !== undefined && v !== null && typeof v !== 'string') throw new ValidationError(`${field} must be a string`, { [field]: 'Must be a string' });
  }
  optionalObject(req.parameters, 'parameters');
  optionalObject(req.context, 'context');
  optionalObject(req.riskIndicators, 'riskIndicators');
  if (req.parentActionId !== undefined) {
    const p = req.parentActionId;
    const n = typeof p === 'number' ? p : typeof p === 'string' && /^\d+$/.test(p.trim()) ? Number(p.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new ValidationError('parentActionId must be a numeric action id', { parentActionId: 'Must be a non-negative integer action id' });
    }
  }
}

/** The real client's MCP request checks. */
export function validateMcpRequest(req: McpActionRequest): void {
  if (!isObject(req)) throw new ValidationError('MCP action must be an object', { request: 'Must be an object' });
  required(req.namespace, 'namespace');
  required(req.verb, 'verb');
  required(req.mcpServer, 'mcpServer');
  required(req.resource, 'resource');
  if (req.actionType !== undefined) required(req.actionType, 'actionType');
  optionalObject(req.parameters, 'parameters');
  optionalObject(req.context, 'context');
}

/** `durationMs`, when given, must be a finite non-negative number. */
export function validateDuration(value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw new ValidationError('durationMs must be a non-negative number', { durationMs: 'Must be a non-negative number' });
  }
}

