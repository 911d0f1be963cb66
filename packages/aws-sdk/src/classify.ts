/**
 * Names and risk hints for AWS SDK v3 commands: the action type, the resource, and a risk level
 * from the operation's verb. ASCEND decides; these are only what it is told.
 */
import type { RiskLevel } from '@ascend/core';

/** `S3Client` → `s3`, `DynamoDBClient` → `dynamodb`, `SecretsManagerClient` → `secretsmanager`. */
export function serviceOf(clientName: unknown): string {
  if (typeof clientName !== 'string' || clientName === '') return 'unknown';
  return clientName.replace(/Client$/, '').toLowerCase() || 'unknown';
}

/** `DeleteObjectCommand` → `DeleteObject`. */
export function operationOf(commandName: unknown): string {
  if (typeof commandName !== 'string' || commandName === '') return 'Unknown';
  return commandName.replace(/Command$/, '') || 'Unknown';
}

const READ = /^(List|Get|Describe|Head|Query|Scan|Select|BatchGet|Lookup|Search|Check|Validate|Test|Estimate|Preview)/;
const WRITE =
  /^(Put|Create|Update|Copy|Upload|Send|Publish|Start|Tag|Untag|Register|Enable|Import|Restore|Modify|Attach|Associate|Set|Write|BatchWrite|Invoke|Run|Reboot|Change|Add|Complete|Abort|Execute|Rotate|Replicate|Transact)/;
const DESTRUCTIVE =
  /^(Delete|Terminate|Remove|Purge|Destroy|Disable|Detach|Disassociate|Deregister|Stop|Revoke|Cancel|Reset|Empty|Drop|Schedule(Key)?Deletion)/;
/** Services where a write changes who may do what: their writes count as critical. */
const ADMIN_SERVICES: ReadonlySet<string> = new Set(['iam', 'organizations', 'kms', 'sts', 'sso', 'ssoadmin', 'identitystore']);

/**
 * A risk hint from the verb: reads `low`, writes `medium`, deletions and other destructive verbs
 * `high`, and any change in an identity or key service, or deleting a whole S3 bucket, `critical`.
 * Unknown verbs are `medium`. ASCEND's policies decide what the level means.
 */
export function riskOf(service: string, operation: string): RiskLevel {
  if (READ.test(operation)) return 'low';
  if (ADMIN_SERVICES.has(service)) return 'critical';
  if (service === 's3' && operation === 'DeleteBucket') return 'critical';
  if (DESTRUCTIVE.test(operation)) return 'high';
  if (WRITE.test(operation)) return 'medium';
  return 'medium';
}

/** Input fields that name what a command acts on, in the order they are tried. */
const IDENTIFIER_KEYS = [
  'Bucket',
  'Key',
  'TableName',
  'FunctionName',
  'QueueUrl',
  'TopicArn',
  'InstanceIds',
  'DBInstanceIdentifier',
  'DBClusterIdentifier',
  'UserName',
  'RoleName',
  'PolicyArn',
  'GroupName',
  'SecretId',
  'KeyId',
  'StackName',
  'ClusterName',
  'RepositoryName',
  'StateMachineArn',
  'LogGroupName',
  'Name',
] as const;

/**
 * What the command acts on, e.g. `s3:reports/2026/q3.csv`, `dynamodb:orders`,
 * `ec2:i-0abc,i-0def`, or the service name alone when the input names nothing.
 */
export function resourceOf(service: string, input: unknown): string {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const parts: string[] = [];
  for (const key of IDENTIFIER_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') parts.push(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length > 0) parts.push(value.slice(0, 10).join(','));
    // S3 names a bucket and a key; other services one identifier.
    if (parts.length === (service === 's3' ? 2 : 1)) break;
  }
  const id = parts.join('/').slice(0, 512);
  return id === '' ? service : `${service}:${id}`;
}

/**
 * The command input as sent to ASCEND (before redaction): plain values kept, binary bodies and
 * streams replaced by a marker, so a `PutObject` body never leaves the process.
 */
export function describeInput(input: unknown, depth = 0): unknown {
  if (input === null || typeof input !== 'object') return typeof input === 'function' || typeof input === 'symbol' ? '[function]' : input;
  if (depth > 8) return '[depth limit]';
  if (input instanceof Date) return input.toISOString();
  if (ArrayBuffer.isView(input) || input instanceof ArrayBuffer) return `[binary ${(input as ArrayBufferLike).byteLength} bytes]`;
  if (Array.isArray(input)) return input.slice(0, 100).map((v) => describeInput(v, depth + 1));
  const proto = Object.getPrototypeOf(input) as unknown;
  if (proto !== Object.prototype && proto !== null) return '[stream or object]';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    out[k] = describeInput(v, depth + 1);
  }
  return out;
}
