/**
 * The options of `createFakeAscend`: their types and defaults, {@link FakeConfigError}, and the
 * checks that turn them into the resolved options the handlers read (before any state exists).
 *
 * @packageDocumentation
 */
import type { Signer } from '@ascend/core';
import type { ResolvedOptions, WebhookTester } from './context.js';
import type { FakeSnapshot } from './fake-api.js';
import type { RandomBytes } from './ids.js';
import type { JsonObject } from './json.js';
import type { PolicyDocument, PolicyRule } from './policy-types.js';
import { createWebCryptoSigner } from './signature.js';
import type { FakeResourceClassification } from './store-records.js';

/** The API key the fake accepts by default. Documented, not secret: use it in tests and local dev. */
export const DEFAULT_API_KEY = 'ascend_dev_local_key';

/** An accepted API key with its privileges. */
export interface ApiKeyConfig {
  /** The key. */
  readonly key: string;
  /**
   * Whether it may call admin-only operations (`linkModel`, `registerSupplyChainComponent`).
   * @defaultValue true
   */
  readonly admin?: boolean;
}

/** Size limits of the fake's bounded collections. */
export interface FakeLimits {
  /** Recorded requests kept. @defaultValue 10000 */
  readonly requests?: number;
  /** Audit events kept. @defaultValue 10000 */
  readonly audit?: number;
  /** Undrained webhook deliveries kept. @defaultValue 1000 */
  readonly outbox?: number;
  /** Idempotency keys remembered. @defaultValue 1000 */
  readonly idempotencyKeys?: number;
  /**
   * Actions kept in memory, besides pending ones: the ones settled most recently (submitted, or
   * decided by a human or by expiry). An older settled action leaves memory with its approval
   * request (event `action.evicted`); its status then answers 404 saying so, and ids keep
   * increasing. A pending action is never evicted. Audit events, recorded requests, the outbox
   * and idempotency keys have their own bounds above.
   * @defaultValue unbounded: a test reads its whole history (the dev server sets 10000)
   */
  readonly actions?: number;
}

/** The retention state of a fake's actions (see {@link FakeLimits.actions}). */
export interface FakeRetention {
  /** The limit; `Infinity` when unbounded. */
  readonly limit: number;
  /** Actions held in memory now (pending ones included). */
  readonly held: number;
  /** Actions evicted since the fake was created, reset or restored. */
  readonly evicted: number;
}

/** Options of {@link createFakeAscend}. Every field is optional. */
export interface FakeAscendOptions {
  /**
   * Accepted API keys, read from `X-API-Key`, else from `Authorization: Bearer <key>`. `'any'`
   * accepts any non-empty key. `GET /health` needs no key.
   * @defaultValue `[DEFAULT_API_KEY]` (`ascend_dev_local_key`)
   */
  readonly apiKeys?: readonly (string | ApiKeyConfig)[] | 'any';
  /**
   * When set, signed bodies (non-empty JSON objects) must carry a valid
   * `X-Signature: v1=<hex>` over `X-Request-Timestamp + "." + body`, raw or canonical; else 401.
   */
  readonly signingSecret?: string;
  /** Maximum clock skew of `X-Request-Timestamp` in ms; not checked when omitted. */
  readonly signatureToleranceMs?: number;
  /** HMAC-SHA256 implementation. @defaultValue a WebCrypto signer */
  readonly signer?: Signer;
  /** Clock in ms since the epoch; drives approval expiry and every timestamp. @defaultValue `Date.now` */
  readonly now?: () => number;
  /** Waits for `latency` faults; must resolve early when `signal` aborts. @defaultValue a `setTimeout` sleep */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random bytes for ids and secrets. @defaultValue `crypto.getRandomValues` */
  readonly randomBytes?: RandomBytes;
  /**
   * The policy: a rule list or `{ rules, default }`, typed or parsed from JSON (validated
   * either way). @defaultValue {@link DEFAULT_POLICY_RULES} with {@link DEFAULT_POLICY_DEFAULT}
   */
  readonly policy?: PolicyDocument | readonly PolicyRule[];
  /** How long an approval request stays pending before it expires. @defaultValue 3600000 (1 h) */
  readonly approvalTtlMs?: number;
  /** After how long without a heartbeat an agent's health is `offline`. @defaultValue 180000 (3 min) */
  readonly heartbeatStaleMs?: number;
  /**
   * Status of a denied submit: 200 with a denied decision (the live behaviour), or 403
   * `{detail, policy_violations}`. @defaultValue 200
   */
  readonly deniedSubmitStatus?: 200 | 403;
  /** Organization id put in webhook envelopes and deployment info. @defaultValue 1 */
  readonly organizationId?: number;
  /** Fields merged into the `GET /api/deployment-info` answer. */
  readonly deploymentInfo?: JsonObject;
  /**
   * Known models and their `compliance_status` for the agent update call; only `approved` and
   * `partially_approved` may be linked. When omitted any positive model id is accepted.
   */
  readonly models?: Readonly<Record<string, string>>;
  /** Initial resource classifications. @defaultValue {@link DEFAULT_CLASSIFICATIONS} */
  readonly classifications?: readonly FakeResourceClassification[];
  /** The first action id. @defaultValue 1 */
  readonly firstActionId?: number;
  /**
   * Performs `POST /api/webhooks/{id}/test`. The default queues the test event in the outbox and
   * reports `{success: true, status_code: 200}`.
   */
  readonly webhookTester?: WebhookTester;
  /** Bounds of the recorded requests, audit log, outbox and idempotency map. */
  readonly limits?: FakeLimits;
  /** State to start from (see {@link FakeAscend.snapshot}). */
  readonly snapshot?: FakeSnapshot;
  /** Receives exceptions thrown by event listeners. @defaultValue ignore them */
  readonly onListenerError?: (error: unknown) => void;
}

/** Thrown for invalid {@link FakeAscendOptions} or snapshots; `field` names the culprit. */
export class FakeConfigError extends Error {
  /** Always `'FakeConfigError'`. */
  override readonly name = 'FakeConfigError';
  /** The offending option, e.g. `approvalTtlMs`. */
  readonly field: string;

  /** @param field the option; @param problem what is wrong. */
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

const OPTION_KEYS: readonly (keyof FakeAscendOptions)[] = [
  'apiKeys',
  'signingSecret',
  'signatureToleranceMs',
  'signer',
  'now',
  'sleep',
  'randomBytes',
  'policy',
  'approvalTtlMs',
  'heartbeatStaleMs',
  'deniedSubmitStatus',
  'organizationId',
  'deploymentInfo',
  'models',
  'classifications',
  'firstActionId',
  'webhookTester',
  'limits',
  'snapshot',
  'onListenerError',
];

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A numeric option: `fallback` when absent, else a positive (integer) number. */
export function positive(options: FakeAscendOptions, key: keyof FakeAscendOptions, fallback: number, integer = false): number {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new FakeConfigError(
      key,
      `must be a positive ${integer ? 'integer' : 'number'}; got ${typeof v === 'object' || typeof v === 'function' ? typeof v : String(v)}`,
    );
  }
  return v;
}

function resolveKeys(apiKeys: FakeAscendOptions['apiKeys']): ResolvedOptions['apiKeys'] {
  if (apiKeys === 'any') return 'any';
  const map = new Map<string, { admin: boolean }>();
  for (const [i, entry] of (apiKeys ?? [DEFAULT_API_KEY]).entries()) {
    const key = typeof entry === 'string' ? entry : entry.key;
    if (typeof key !== 'string' || key === '') throw new FakeConfigError(`apiKeys[${i}]`, 'must be a non-empty string');
    map.set(key, { admin: typeof entry === 'string' ? true : (entry.admin ?? true) });
  }
  if (map.size === 0) throw new FakeConfigError('apiKeys', "must list at least one key (or be 'any')");
  return map;
}

/**
 * Checks the shape of the options object: an object, known keys only, `signingSecret` and
 * `deniedSubmitStatus` well-formed. The numeric options are checked as they are read.
 * @throws {@link FakeConfigError} naming the option.
 */
export function checkOptions(options: FakeAscendOptions): void {
  if (typeof options !== 'object' || options === null) throw new FakeConfigError('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key as keyof FakeAscendOptions)) {
      throw new FakeConfigError(key, `unknown option; allowed options are ${OPTION_KEYS.join(', ')}`);
    }
  }
  if (options.signingSecret !== undefined && (typeof options.signingSecret !== 'string' || options.signingSecret === '')) {
    throw new FakeConfigError('signingSecret', 'must be a non-empty string');
  }
  if (options.deniedSubmitStatus !== undefined && options.deniedSubmitStatus !== 200 && options.deniedSubmitStatus !== 403) {
    throw new FakeConfigError('deniedSubmitStatus', 'must be 200 or 403');
  }
}

/** Reads one of `limits` (a positive integer), or `fallback` when it is absent. */
export function limitReader(limits: FakeLimits): (key: keyof FakeLimits, fallback: number) => number {
  return (key, fallback) => {
    const v = limits[key];
    if (v === undefined) return fallback;
    if (!Number.isInteger(v) || v < 1) throw new FakeConfigError(`limits.${key}`, `must be a positive integer; got ${String(v)}`);
    return v;
  };
}

/**
 * The options with their defaults applied, in the order they are checked: `apiKeys`, then the
 * numeric options. `given` holds what was resolved earlier and what the default tester needs.
 * @throws {@link FakeConfigError} naming the option.
 */
export function resolveOptions(
  options: FakeAscendOptions,
  given: Pick<ResolvedOptions, 'randomBytes' | 'organizationId' | 'retainActions'> & { readonly defaultTester: WebhookTester },
): ResolvedOptions {
  return {
    apiKeys: resolveKeys(options.apiKeys),
    signingSecret: options.signingSecret ?? null,
    signatureToleranceMs: options.signatureToleranceMs === undefined ? undefined : positive(options, 'signatureToleranceMs', 0),
    signer: options.signer ?? createWebCryptoSigner(),
    sleep: options.sleep ?? defaultSleep,
    randomBytes: given.randomBytes,
    approvalTtlMs: positive(options, 'approvalTtlMs', 3_600_000),
    heartbeatStaleMs: positive(options, 'heartbeatStaleMs', 180_000),
    deniedSubmitStatus: options.deniedSubmitStatus ?? 200,
    organizationId: given.organizationId,
    deploymentInfo: options.deploymentInfo ?? {},
    models: options.models,
    webhookTester: options.webhookTester ?? given.defaultTester,
    retainActions: given.retainActions,
  };
}
