/**
 * Command-line parsing of `ascend-dev`, separate from the process plumbing so it can be tested.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { WEBHOOK_SCHEMES, type LogLevel, type WebhookScheme } from '@ascend/core';
import { parsePolicyDocument, PolicyRuleError } from '@ascend/testing';
import {
  checkMcpServers,
  checkModels,
  corsOriginProblem,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_RETAIN_ACTIONS,
  DevServerConfigError,
  MODEL_STATUS,
  MODEL_STATUS_PROBLEM,
  modelIdProblem,
  type DevServerMcpServer,
  type DevServerOptions,
} from './options.js';

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

Governance (2.5): what a submit's model_id and mcp_server_name are checked against
  --compliant-models ID,...  models whose compliance status is approved; turns the model check
                             on: any model_id not listed (or not compliant) is refused with 403
                             and a model_governance block; repeatable (default: not checked)
  --model ID=STATUS          one model with a compliance status, e.g. legacy-model=rejected
                             (approved and partially_approved pass; others get 403); repeatable
  --mcp-server NAME          register this MCP server at start (active); repeatable. A submit
                             naming a server that is not registered gets 403 mcp_governance
  --block-tool SERVER:TOOL   block TOOL on a server given with --mcp-server or --governance;
                             a submit for it gets 403 MCP_TOOL_BLOCKED_DENY; repeatable
  --governance FILE          JSON: {"models": {"ID": "STATUS"}, "mcpServers": [{"serverName",
                             "blockedTools"?, "active"?, "deactivationReason"?, ...}]}
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

interface GovernanceFlags {
  readonly 'compliant-models'?: string[] | undefined;
  readonly model?: string[] | undefined;
  readonly 'mcp-server'?: string[] | undefined;
  readonly 'block-tool'?: string[] | undefined;
  readonly governance?: string | undefined;
}

/**
 * The model registry and the MCP servers to register, from `--governance FILE`, `--model`,
 * `--compliant-models`, `--mcp-server` and `--block-tool`, checked by the same rules as the
 * embedded options (`fake.models`, `mcpServers`). A model given two different statuses, or a
 * server given twice, is a usage error.
 */
async function governanceFromFlags(v: GovernanceFlags): Promise<{ models: Record<string, string> | undefined; mcpServers: DevServerMcpServer[] }> {
  let models: Record<string, string> | undefined;
  const servers: DevServerMcpServer[] = [];
  const origin = new Map<string, string>();
  const setModel = (id: string, status: string, flag: string): void => {
    const problem = modelIdProblem(id);
    if (problem) throw new CliUsageError(`${flag}: ${problem}`);
    models ??= {};
    const before = models[id];
    if (before !== undefined && before !== status) {
      throw new CliUsageError(`${flag}: model "${id}" is ${status} here but ${before} in ${origin.get(id) ?? 'another flag'}`);
    }
    models[id] = status;
    origin.set(id, flag);
  };

  if (v.governance !== undefined) {
    const file = v.governance;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CliUsageError(`--governance: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new CliUsageError(`--governance: ${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new CliUsageError(`--governance: ${file} must hold a JSON object`);
    for (const key of Object.keys(doc)) {
      if (key !== 'models' && key !== 'mcpServers')
        throw new CliUsageError(`--governance: ${file}: unknown field ${key}; allowed fields are models, mcpServers`);
    }
    const fields = doc as { models?: unknown; mcpServers?: unknown };
    try {
      for (const [id, status] of Object.entries(checkModels(fields.models, 'models') ?? {})) setModel(id, status, `--governance ${file}`);
      servers.push(...checkMcpServers(fields.mcpServers, 'mcpServers'));
    } catch (error) {
      if (error instanceof DevServerConfigError) throw new CliUsageError(`--governance: ${file}: ${error.message}`);
      throw error;
    }
  }
  for (const spec of v.model ?? []) {
    const eq = spec.lastIndexOf('=');
    const id = eq < 0 ? '' : spec.slice(0, eq);
    const status = eq < 0 ? '' : spec.slice(eq + 1);
    if (eq < 0) throw new CliUsageError(`--model must be ID=STATUS, e.g. legacy-model=rejected; got "${spec}"`);
    if (!MODEL_STATUS.test(status)) throw new CliUsageError(`--model ${id}: the status ${MODEL_STATUS_PROBLEM}; got "${status}"`);
    setModel(id, status, '--model');
  }
  for (const list of v['compliant-models'] ?? []) {
    const ids = list.split(',').map((id) => id.trim());
    if (ids.some((id) => id === ''))
      throw new CliUsageError(`--compliant-models must be model ids separated by commas, e.g. gpt-4o,claude-sonnet; got "${list}"`);
    for (const id of ids) setModel(id, 'approved', '--compliant-models');
  }

  for (const name of v['mcp-server'] ?? []) {
    if (servers.some((s) => s.serverName === name)) throw new CliUsageError(`--mcp-server: "${name}" is given twice`);
    try {
      checkMcpServers([{ serverName: name }]);
    } catch (error) {
      if (!(error instanceof DevServerConfigError)) throw error;
      throw new CliUsageError(`--mcp-server "${name}": ${error.problem}`);
    }
    servers.push({ serverName: name });
  }
  const blocked = new Map<string, string[]>();
  for (const spec of v['block-tool'] ?? []) {
    const colon = spec.indexOf(':');
    const server = colon < 0 ? '' : spec.slice(0, colon);
    const tool = colon < 0 ? '' : spec.slice(colon + 1).trim();
    if (server === '' || tool === '') throw new CliUsageError(`--block-tool must be SERVER:TOOL, e.g. filesystem:delete_file; got "${spec}"`);
    if (!servers.some((s) => s.serverName === server)) {
      throw new CliUsageError(`--block-tool ${spec}: no MCP server "${server}" is given (add --mcp-server ${server})`);
    }
    blocked.set(server, [...(blocked.get(server) ?? []), tool]);
  }
  const merged = servers.map((s) => {
    const tools = blocked.get(s.serverName);
    return tools ? { ...s, blockedTools: [...new Set([...(s.blockedTools ?? []), ...tools])] } : s;
  });
  return { models, mcpServers: merged };
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
        'compliant-models': { type: 'string', multiple: true },
        model: { type: 'string', multiple: true },
        'mcp-server': { type: 'string', multiple: true },
        'block-tool': { type: 'string', multiple: true },
        governance: { type: 'string' },
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

  const governance = await governanceFromFlags(v);

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
    ...(ttl !== undefined || governance.models !== undefined
      ? { fake: { ...(ttl !== undefined ? { approvalTtlMs: ttl } : {}), ...(governance.models !== undefined ? { models: governance.models } : {}) } }
      : {}),
    ...(governance.mcpServers.length ? { mcpServers: governance.mcpServers } : {}),
    ...(retainActions !== undefined ? { retainActions } : {}),
    ...(corsOrigins.length ? { corsOrigins } : {}),
  };
  return v.policy !== undefined ? { kind: 'run', options, policyFile: v.policy } : { kind: 'run', options };
}
