/**
 * `createFakeAscend`: the stateful in-memory ASCEND service. One transport-independent entry
 * point, `handle(request)`, serves every adapter (msw handlers, a fetch function, the dev
 * server); the admin API decides approvals, flips the kill switch, issues commands and injects
 * faults. This module wires one fake together; its parts: the options (`fake-options.ts`), the
 * {@link FakeAscend} interface (`fake-api.ts`), the shared state (`fake-host.ts`), side effects
 * and webhook queueing (`fake-effects.ts`), the request pipeline (`request-pipeline.ts`,
 * `fake-auth.ts`, `fault-steps.ts`), the admin API (`admin-calls.ts`) and snapshots
 * (`fake-snapshot.ts`).
 *
 * @packageDocumentation
 */
import { createFakeApi } from './admin-calls.js';
import { AuditLog } from './audit.js';
import type { FakeContext } from './context.js';
import { TypedEmitter, type FakeEventMap } from './events.js';
import type { FakeAscend } from './fake-api.js';
import { createEffects } from './fake-effects.js';
import type { FakeHost, FakeState } from './fake-host.js';
import { checkOptions, limitReader, positive, resolveOptions, type FakeAscendOptions } from './fake-options.js';
import { restoreSnapshot } from './fake-snapshot.js';
import { FaultRegistry } from './faults.js';
import { IdempotencyStore } from './idempotency.js';
import { webCryptoRandomBytes } from './ids.js';
import { copyJson } from './json.js';
import { DEFAULT_POLICY_DEFAULT, DEFAULT_POLICY_RULES } from './policy-defaults.js';
import { parsePolicyDocument } from './policy-parse.js';
import { RequestRecorder } from './recorder.js';
import { FakeStore } from './store.js';
import type { StoreChange } from './store-changes.js';
import { DEFAULT_CLASSIFICATIONS } from './store-records.js';
import { WebhookOutbox } from './webhooks.js';

/**
 * Creates an in-memory ASCEND service.
 *
 * @example
 * ```ts
 * const fake = createFakeAscend({ now: () => clock.now });
 * server.use(...ascendHandlers(fake, { baseUrl: 'https://ascend.test' }));
 * fake.faults.inject({ kind: 'rate-limit', retryAfter: 2 }, { operation: 'submitAction', times: 2 });
 * ```
 * @throws {@link FakeConfigError} for an invalid option; {@link PolicyRuleError} for an invalid policy.
 */
export function createFakeAscend(options: FakeAscendOptions = {}): FakeAscend {
  checkOptions(options);
  const now = options.now ?? (() => Date.now());
  const limits = options.limits ?? {};
  const limit = limitReader(limits);

  const emitter = new TypedEmitter<FakeEventMap>(options.onListenerError);
  // Every change of the state goes out as it is made; its records are not copied.
  const announce = (change: StoreChange): void => emitter.emit('change', change);
  const recorder = new RequestRecorder(limit('requests', 10_000));
  // Live-event payloads are copies; none is made for an event nobody listens to.
  const audit = new AuditLog(limit('audit', 10_000), now, (event, counter) => {
    announce({ kind: 'audit', event, counter });
    if (emitter.has('audit')) emitter.emit('audit', copyJson(event));
  });
  const outbox = new WebhookOutbox(limit('outbox', 1000));
  const idempotency = new IdempotencyStore(limit('idempotencyKeys', 1000), (entry) => announce({ kind: 'idempotency', key: entry.key, entry }));
  const retainActions = limits.actions === undefined || limits.actions === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : limit('actions', 0);
  const faults = new FaultRegistry();
  const classifications = options.classifications ?? DEFAULT_CLASSIFICATIONS;
  const firstActionId = positive(options, 'firstActionId', 1, true);
  const state: FakeState = { store: new FakeStore(classifications, firstActionId, announce) };
  const randomBytes = options.randomBytes ?? webCryptoRandomBytes;
  const organizationId = positive(options, 'organizationId', 1, true);
  const { fx, defaultTester } = createEffects({ state, emitter, audit, outbox, now, randomBytes, organizationId });
  const resolved = resolveOptions(options, { randomBytes, organizationId, retainActions, defaultTester });

  const initialPolicy = parsePolicyDocument(options.policy ?? { rules: DEFAULT_POLICY_RULES });
  const policy = { rules: initialPolicy.rules, fallback: initialPolicy.default ?? DEFAULT_POLICY_DEFAULT };
  const ctx: FakeContext = {
    get store() {
      return state.store;
    },
    fx,
    options: resolved,
    faults,
    policy,
  };

  const host: FakeHost = { ctx, state, announce, emitter, recorder, audit, outbox, idempotency, classifications, firstActionId };
  if (options.snapshot) restoreSnapshot(host, options.snapshot);
  return createFakeApi(host);
}
