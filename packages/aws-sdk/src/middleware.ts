/**
 * ASCEND governance for AWS SDK for JavaScript v3 clients: an `initialize`-step middleware that
 * asks ASCEND before a command is serialized and sent, and reports how it went. The counterpart
 * of the Python `ascend-boto3-wrapper`, without its client-side auto-approvals and without its
 * fail-open-by-risk: every governed command is decided by ASCEND, and the client's fail mode
 * alone says what happens when ASCEND is unreachable.
 */
import { ConfigurationError, type JsonObject, type RiskLevel } from '@ascend/core';
import {
  POLICY_KEYS,
  checkOptionKeys,
  createToolGovernor,
  errorForBlock,
  type GovernanceClient,
  type GovernancePolicy,
  type ToolGovernor,
} from '@ascend/governance';
import { describeInput, operationOf, resourceOf, riskOf, serviceOf } from './classify.js';

/** What the middleware knows about a command when it computes a policy field. */
export interface AwsCommandInfo {
  /** The service, from the client's name: `s3`, `dynamodb`, `ec2`… */
  service: string;
  /** The operation, from the command's name: `DeleteObject`, `PutItem`… */
  operation: string;
  /**
   * The command's input as plain data: binary bodies become `[binary N bytes]` and streams
   * `[stream or object]`, so a `PutObject` body never leaves the process. Sent (redacted and
   * bounded) as `parameters.input` unless `sendArguments` is false.
   */
  input: Record<string, unknown>;
}

/**
 * How AWS commands are governed: the pipeline's options (each `FromArgs` option receives
 * {@link AwsCommandInfo}), plus which commands are left ungoverned by your explicit choice.
 */
export interface AwsGovernanceOptions extends Omit<GovernancePolicy<AwsCommandInfo, unknown>, 'riskLevel' | 'endpoint' | 'namespace' | 'description'> {
  /**
   * The risk hint sent with each command. @defaultValue from the verb: reads `low`, writes
   * `medium`, destructive verbs `high`, identity/key services and `s3 DeleteBucket` `critical`
   */
  riskLevel?: RiskLevel | ((command: AwsCommandInfo) => RiskLevel);
  /**
   * Commands that run without asking ASCEND, by your explicit choice: whole services (`'cloudwatch'`)
   * or single operations (`'s3.ListBuckets'`). Nothing else is ever skipped. @defaultValue none
   */
  bypass?: readonly string[];
}

/** The middleware's name in the client's middleware stack. */
export const ASCEND_MIDDLEWARE_NAME = 'ascendGovernanceMiddleware';

/** How the middleware is added to a stack (the SDK's `InitializeHandlerOptions`, structurally). */
export interface AwsMiddlewareOptions {
  /** The step: `initialize`, before serialization, signing and retries. */
  step: 'initialize';
  /** The middleware's name; adding it again under this name replaces it. */
  name: string;
  /** Tags shown by `middlewareStack.identify()`. */
  tags: string[];
  /** Replace a middleware of the same name. */
  override: true;
}

/** Anything with an AWS SDK v3 middleware stack: every v3 client. */
export interface AwsClientLike {
  /** The client's middleware stack. */
  middlewareStack: object;
}

/** Where the middleware goes: the `initialize` step, before the input is serialized or signed. */
export const ASCEND_MIDDLEWARE_OPTIONS: Readonly<AwsMiddlewareOptions> = Object.freeze({
  step: 'initialize',
  name: ASCEND_MIDDLEWARE_NAME,
  tags: ['ASCEND', 'GOVERNANCE'],
  override: true,
});

/** The handler arguments of an `initialize`-step middleware (structural: no AWS types needed). */
export interface AwsHandlerArguments<Input extends object = object> {
  /** The command's input. */
  input: Input;
}

/** What an AWS handler resolves to (structural). */
export interface AwsHandlerOutput<Output extends object = object> {
  /** The command's output. */
  output: Output;
  /** The raw response. */
  response: unknown;
}

/** The next handler in the middleware stack (structural). */
export type AwsNextHandler<Input extends object = object, Output extends object = object> = (
  args: AwsHandlerArguments<Input>,
) => Promise<AwsHandlerOutput<Output>>;

/** The execution context the SDK passes to middleware (only the fields read here). */
export interface AwsMiddlewareContext {
  /** E.g. `S3Client`. */
  clientName?: string;
  /** E.g. `DeleteObjectCommand`. */
  commandName?: string;
}

/** An AWS SDK v3 `initialize`-step middleware, typed structurally so any client accepts it. */
export type AwsGovernanceMiddleware = <Input extends object, Output extends object>(
  next: AwsNextHandler<Input, Output>,
  context: AwsMiddlewareContext,
) => AwsNextHandler<Input, Output>;

const OWN_KEYS = ['bypass'] as const;
const OPTION_KEYS: ReadonlySet<string> = new Set([...POLICY_KEYS.filter((k) => k !== 'endpoint' && k !== 'namespace' && k !== 'description'), ...OWN_KEYS]);
/** Distinct commands a middleware keeps governors for; past it, governors are built per call. */
const MAX_GOVERNORS = 1_000;

/**
 * An `initialize`-step middleware that governs every command of the clients it is added to.
 * A command ASCEND does not allow is never serialized, signed or sent: the call rejects with the
 * block's typed error (`ActionDeniedError`, `ApprovalTimeoutError`, `KillSwitchError`,
 * `GovernanceUnavailableError`, …). A pending command waits for a human (by default up to
 * 5 min), then runs or rejects. Completion is reported with the HTTP status and request id;
 * an AWS error is reported as a failure and rethrown.
 *
 * @param client - An ASCEND client (`AscendClient` or `AscendAgentClient` from `@ascend/node`, or `MockAscendClient`).
 * @param options - See {@link AwsGovernanceOptions}.
 * @throws `ConfigurationError` for invalid options, naming the field.
 *
 * @example
 * ```ts
 * s3.middlewareStack.add(ascendMiddleware(ascend, { riskIndicators: { data_classification: 'confidential' } }), ASCEND_MIDDLEWARE_OPTIONS)
 * ```
 */
export function ascendMiddleware(client: GovernanceClient, options: AwsGovernanceOptions = {}): AwsGovernanceMiddleware {
  checkOptionKeys(options, OPTION_KEYS);
  const { bypass, riskLevel, ...policy } = options;
  if (bypass !== undefined && (!Array.isArray(bypass) || bypass.some((b) => typeof b !== 'string' || b.trim() === ''))) {
    throw new ConfigurationError('bypass', "must be an array of service ('cloudwatch') or operation ('s3.ListBuckets') names");
  }
  if (riskLevel !== undefined && typeof riskLevel !== 'function' && !['low', 'medium', 'high', 'critical'].includes(riskLevel as string)) {
    throw new ConfigurationError('riskLevel', 'must be low, medium, high or critical, or a function of the command');
  }
  const riskFn = typeof riskLevel === 'function' ? (riskLevel as (command: AwsCommandInfo) => RiskLevel) : undefined;
  const skipped = new Set(((bypass ?? []) as readonly string[]).map((b) => b.toLowerCase()));
  const governors = new Map<string, ToolGovernor<AwsCommandInfo, unknown>>();

  const governorFor = (service: string, operation: string): ToolGovernor<AwsCommandInfo, unknown> => {
    const name = `${service}.${operation}`;
    const known = governors.get(name);
    if (known) return known;
    const level = riskFn ? undefined : ((riskLevel as RiskLevel | undefined) ?? riskOf(service, operation));
    const governor = createToolGovernor<AwsCommandInfo, unknown>(
      client,
      {
        toolName: name,
        serverName: undefined,
        source: 'aws_sdk',
        actionTypePrefix: 'aws',
        component: 'aws-sdk',
        callerLabel: 'AWS SDK caller',
        defaultSummary,
      },
      {
        resource: (c) => resourceOf(c.service, c.input),
        ...policy,
        ...(level !== undefined ? { riskLevel: level } : {}),
      },
    );
    if (governors.size < MAX_GOVERNORS) governors.set(name, governor);
    return governor;
  };
  // Refuses bad policy options now, not on the first command.
  governorFor('validation', 'Check');
  governors.clear();

  return ((next: (args: AwsHandlerArguments) => Promise<AwsHandlerOutput>, context: AwsMiddlewareContext) =>
    async (args: AwsHandlerArguments): Promise<AwsHandlerOutput> => {
      const service = serviceOf(context?.clientName);
      const operation = operationOf(context?.commandName);
      if (skipped.has(service) || skipped.has(`${service}.${operation}`.toLowerCase())) return next(args);
      const described = describeInput(args?.input);
      const input = (typeof described === 'object' && described !== null && !Array.isArray(described) ? described : {}) as Record<string, unknown>;
      const info: AwsCommandInfo = { service, operation, input };
      let governor = governorFor(service, operation);
      if (riskFn) {
        // A per-command risk function: one governor per call, with the computed level (an
        // invalid one rejects the command with a ConfigurationError; it is never sent).
        const level = riskFn(info);
        governor = createToolGovernor(client, governor.identity, { ...governor.policy, riskLevel: level });
      }
      const outcome = await governor.run(info, () => next(args), {
        context: { aws_service: service, aws_operation: operation },
        signal: abortSignalOf(context),
      });
      if (!outcome.ran) throw errorForBlock(outcome.block);
      return outcome.value as AwsHandlerOutput;
    }) as unknown as AwsGovernanceMiddleware;
}

/**
 * Adds {@link ascendMiddleware} to an AWS SDK v3 client (S3Client, DynamoDBClient, …) and returns
 * the client. Adding it twice replaces the first one.
 *
 * @example
 * ```ts
 * const s3 = governAwsClient(new S3Client({}), ascend)
 * await s3.send(new DeleteObjectCommand({ Bucket: 'reports', Key: 'q3.csv' })) // asks ASCEND first
 * ```
 */
export function governAwsClient<C extends AwsClientLike>(awsClient: C, client: GovernanceClient, options: AwsGovernanceOptions = {}): C {
  const stack = (awsClient as { middlewareStack?: { add?: unknown } } | null)?.middlewareStack;
  if (typeof stack?.add !== 'function') throw new ConfigurationError('awsClient', 'must be an AWS SDK v3 client (with a middlewareStack)');
  (stack.add as (mw: unknown, o: unknown) => void).call(stack, ascendMiddleware(client, options), {
    ...ASCEND_MIDDLEWARE_OPTIONS,
    tags: [...ASCEND_MIDDLEWARE_OPTIONS.tags],
  });
  return awsClient;
}

function defaultSummary(value: unknown): JsonObject {
  const output = (value as { output?: { $metadata?: { httpStatusCode?: unknown; requestId?: unknown } } } | undefined)?.output;
  const meta = output?.$metadata;
  return {
    success: true,
    ...(typeof meta?.httpStatusCode === 'number' ? { http_status: meta.httpStatusCode } : {}),
    ...(typeof meta?.requestId === 'string' ? { aws_request_id: meta.requestId.slice(0, 128) } : {}),
  };
}

function abortSignalOf(context: unknown): AbortSignal | undefined {
  const signal = (context as { abortSignal?: unknown } | undefined)?.abortSignal;
  return typeof signal === 'object' && signal !== null && typeof (signal as { aborted?: unknown }).aborted === 'boolean' ? (signal as AbortSignal) : undefined;
}
