/**
 * Command-line parsing of `ascend-dev`, separate from the process plumbing so it can be tested.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { WEBHOOK_SCHEMES, type LogLevel, type WebhookScheme } from '@ascend/core';
import { parsePolicyDocument, PolicyRuleError } from '@ascend/testing';
import { corsOriginProblem, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_RETAIN_ACTIONS, type DevServerOptions } from './options.js';

/** Usage text of `ascend-dev --help`. */
export const USAGE = `ascend-dev: ASCEND governance on localhost (fake service, approvals dashboard, signed webhooks)

Usage: ascend-dev [options]

  --port N                   port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host HOST                interface to bind (default ${DEFAULT_HOST}; others require an admin token)
  --api-key KEY              accepted API key; repeat for several (default: ascend_dev_local_key)
  --signing-secret S         require HMAC request signatures (X-Signature) with this secret
  --policy FILE              policy rules as JSON ({"rules": [...], "default": {...}})
  --data DIR                 keep state in DIR (write-ahead journal + snapshot); default: memory
  --admin-token T            require this token for the dashboard and /_admin (default: none on loopback)
  --log-level LEVEL          debug | info | warn | error (default info)
  --approval-ttl-ms N        how long an approval stays pending before it expires (default 3600000)
  --webhook-attempts N       delivery attempts per webhook event (default 5)
  --webhook-initial-delay-ms N   first retry delay, doubling (default 500)
  --webhook-max-delay-ms N   largest retry delay (default 8000)
  --webhook-timeout-ms N     timeout of one delivery attempt (default 5000)
  --webhook-scheme SCHEME    how deliveries are signed: ascend-v1 (default), standard-webhooks,
                             or owkai-sha256 (the OWkai backend's X-OWkai-Signature headers)
  --retain-actions N         actions kept in memory besides pending ones (default ${DEFAULT_RETAIN_ACTIONS});
                             older ones answer 404; --data keeps the full history on disk
  --cors-origin ORIGIN       let pages from ORIGIN (e.g. http://localhost:5173) call the API;
                             repeat for several (default: no CORS)
  -h, --help                 show this help
  -v, --version              print the version

Secrets can come from the environment instead of the command line (where other users of the
machine can read them): ASCEND_DEV_API_KEYS (comma-separated), ASCEND_DEV_SIGNING_SECRET,
ASCEND_DEV_ADMIN_TOKEN.
`;

/** A command-line mistake; the message is shown with the usage hint. Never contains a secret. */
export class CliUsageError extends Error {
  /** Always `'CliUsageError'`. */
  override readonly name = 'CliUsageError';
}

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  /** `policyFile`: the `--policy` file, named in the banner. */
  | { readonly kind: 'run'; readonly options: DevServerOptions; readonly policyFile?: string };

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

function integerFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliUsageError(`${flag} must be a non-negative integer; got "${value}"`);
  return Number(value);
}

/**
 * Parses `argv` (without `node` and the script) and the environment into server options. Reads
 * the policy file.
 * @throws {@link CliUsageError} for unknown flags, bad values or an invalid policy file.
 */
export async function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<CliCommand> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        'signing-secret': { type: 'string' },
        policy: { type: 'string' },
        data: { type: 'string' },
        'admin-token': { type: 'string' },
        'log-level': { type: 'string' },
        'approval-ttl-ms': { type: 'string' },
        'webhook-attempts': { type: 'string' },
        'webhook-initial-delay-ms': { type: 'string' },
        'webhook-max-delay-ms': { type: 'string' },
        'webhook-timeout-ms': { type: 'string' },
        'webhook-scheme': { type: 'string' },
        'retain-actions': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs messages name the flag, never a value that follows it.
    throw new CliUsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };

  const keysFromEnv = (env['ASCEND_DEV_API_KEYS'] ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const apiKeys = v['api-key']?.length ? v['api-key'] : keysFromEnv.length ? keysFromEnv : undefined;
  const signingSecret = v['signing-secret'] ?? (env['ASCEND_DEV_SIGNING_SECRET'] || undefined);
  const adminToken = v['admin-token'] ?? (env['ASCEND_DEV_ADMIN_TOKEN'] || undefined);
  const logLevel = v['log-level'] ?? 'info';
  if (!LEVELS.includes(logLevel as LogLevel)) throw new CliUsageError(`--log-level must be one of ${LEVELS.join(', ')}; got "${logLevel}"`);

  let policy: DevServerOptions['policy'];
  if (v.policy !== undefined) {
    let text: string;
    try {
      text = await readFile(v.policy, 'utf8');
    } catch (error) {
      throw new CliUsageError(`--policy: cannot read ${v.policy}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      policy = parsePolicyDocument(JSON.parse(text));
    } catch (error) {
      if (error instanceof SyntaxError) throw new CliUsageError(`--policy: ${v.policy} is not valid JSON: ${error.message}`);
      if (error instanceof PolicyRuleError) throw new CliUsageError(`--policy: ${v.policy}: ${error.message}`);
      throw error;
    }
  }

  const retry = {
    attempts: integerFlag(v['webhook-attempts'], '--webhook-attempts'),
    initialDelayMs: integerFlag(v['webhook-initial-delay-ms'], '--webhook-initial-delay-ms'),
    maxDelayMs: integerFlag(v['webhook-max-delay-ms'], '--webhook-max-delay-ms'),
    timeoutMs: integerFlag(v['webhook-timeout-ms'], '--webhook-timeout-ms'),
  };
  const webhookRetry = Object.fromEntries(Object.entries(retry).filter(([, n]) => n !== undefined));
  const ttl = integerFlag(v['approval-ttl-ms'], '--approval-ttl-ms');
  const retainActions = integerFlag(v['retain-actions'], '--retain-actions');
  if (retainActions !== undefined && retainActions < 1) throw new CliUsageError(`--retain-actions must be at least 1; got "${retainActions}"`);
  const webhookScheme = v['webhook-scheme'];
  if (webhookScheme !== undefined && !WEBHOOK_SCHEMES.includes(webhookScheme as WebhookScheme)) {
    throw new CliUsageError(`--webhook-scheme must be one of ${WEBHOOK_SCHEMES.join(', ')}; got "${webhookScheme}"`);
  }
  const corsOrigins = v['cors-origin'] ?? [];
  for (const origin of corsOrigins) {
    const problem = corsOriginProblem(origin);
    if (problem) throw new CliUsageError(`--cors-origin: ${problem}`);
  }

  const options: DevServerOptions = {
    port: integerFlag(v.port, '--port') ?? DEFAULT_PORT,
    host: v.host ?? DEFAULT_HOST,
    logLevel: logLevel as LogLevel,
    ...(apiKeys ? { apiKeys } : {}),
    ...(signingSecret !== undefined ? { signingSecret } : {}),
    ...(adminToken !== undefined ? { adminToken } : {}),
    ...(policy !== undefined ? { policy } : {}),
    ...(v.data !== undefined ? { dataDir: v.data } : {}),
    ...(Object.keys(webhookRetry).length ? { webhookRetry } : {}),
    ...(webhookScheme !== undefined ? { webhookScheme: webhookScheme as WebhookScheme } : {}),
    ...(ttl !== undefined ? { fake: { approvalTtlMs: ttl } } : {}),
    ...(retainActions !== undefined ? { retainActions } : {}),
    ...(corsOrigins.length ? { corsOrigins } : {}),
  };
  return v.policy !== undefined ? { kind: 'run', options, policyFile: v.policy } : { kind: 'run', options };
}
