#!/usr/bin/env node
/**
 * The `ascend-dev` command: starts the dev server, prints where it is, and shuts it down
 * gracefully on SIGINT / SIGTERM (stop accepting, finish in-flight requests, flush the journal,
 * exit 0).
 *
 * Output: structured JSON log lines on stdout; the human banner (URL, the default API key,
 * storage, admin access) on stderr.
 *
 * @packageDocumentation
 */
import { COMPLIANT_MODEL_STATUSES, DEFAULT_API_KEY, DEFAULT_POLICY_DEFAULT } from '@ascend/testing';
import { CliUsageError, parseCli, USAGE } from './cli-args.js';
import { startDevServer, type DevServer } from './dev-server.js';
import { DEFAULT_RETAIN_ACTIONS, DevServerConfigError } from './options.js';
import { DataDirError } from './persistence/data-dir.js';
import { DEV_SERVER_VERSION } from './version.js';

/** The policy line: the `--policy` file, or the fake's default rules, with what they add up to. */
function policyLine(server: DevServer, policyFile: string | undefined): string {
  const { rules, default: fallback } = server.fake.policy;
  const count = `${rules.length} rule${rules.length === 1 ? '' : 's'}, otherwise ${fallback?.outcome ?? DEFAULT_POLICY_DEFAULT.outcome}`;
  return policyFile === undefined ? `default rules of @ascend/testing (${count}; --policy FILE to change)` : `${policyFile} (${count})`;
}

/** The governance line: what a submit's `model_id` and `mcp_server_name` are checked against. */
function governanceLine(server: DevServer, models: Readonly<Record<string, string>> | undefined): string {
  const statuses = Object.values(models ?? {});
  const compliant = statuses.filter((s) => COMPLIANT_MODEL_STATUSES.includes(s)).length;
  const modelPart = models
    ? `model_id checked against ${statuses.length} model${statuses.length === 1 ? '' : 's'} (${compliant} compliant)`
    : 'model_id not checked (--compliant-models ID,... to check)';
  const n = server.fake.listMcpServers().length;
  const mcpPart = n === 0 ? 'no MCP server registered (--mcp-server NAME)' : `${n} MCP server${n === 1 ? '' : 's'} registered`;
  return `${modelPart}; ${mcpPart}`;
}

/** The banner, printed to stderr once the server listens. */
function banner(
  server: DevServer,
  generatedToken: boolean,
  policyFile?: string,
  corsOrigins: readonly string[] = [],
  retainActions = DEFAULT_RETAIN_ACTIONS,
  models?: Readonly<Record<string, string>>,
): string {
  const lines = [
    '',
    `  ASCEND dev server ${DEV_SERVER_VERSION}`,
    '',
    `  URL        ${server.url}`,
    `  Dashboard  ${server.url}/`,
    server.apiKey === DEFAULT_API_KEY
      ? `  API key    ${DEFAULT_API_KEY}   (the documented default; --api-key to change)`
      : `  API keys   as configured (not shown)`,
    `  Storage    ${server.dataDir ? `${server.dataDir} (write-ahead journal, survives restarts)` : 'in memory (--data DIR to keep state)'}`,
    `  Policy     ${policyLine(server, policyFile)}`,
    `  Governance ${governanceLine(server, models)}`,
    `  Memory     last ${retainActions} settled actions and every pending one${server.dataDir ? '; full history in the data dir' : ''} (--retain-actions N)`,
    `  CORS       ${corsOrigins.length ? corsOrigins.join(', ') : 'off: pages on other origins cannot call the API (--cors-origin ORIGIN)'}`,
    `  Admin      ${
      server.adminToken === undefined
        ? 'open on this machine (loopback only; --admin-token to require one)'
        : generatedToken
          ? `token required; generated for this run: ${server.adminToken}`
          : 'token required (Authorization: Bearer <token>, or open /?token=<token>)'
    }`,
    '',
    `  export ASCEND_API_URL=${server.url}${server.apiKey === DEFAULT_API_KEY ? ` ASCEND_API_KEY=${DEFAULT_API_KEY}` : ''}`,
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  let command;
  try {
    command = await parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`ascend-dev: ${error.message}\nRun ascend-dev --help for the options.\n`);
      process.exit(2);
    }
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${DEV_SERVER_VERSION}\n`);
    return;
  }

  let server: DevServer;
  try {
    server = await startDevServer(command.options);
  } catch (error) {
    const known = error instanceof DevServerConfigError || error instanceof DataDirError;
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'EADDRINUSE'
        ? `port ${String(command.options.port)} is already in use (try --port 0 or another port)`
        : code === 'EACCES'
          ? `not allowed to listen on ${String(command.options.host)}:${String(command.options.port)}`
          : known
            ? (error as Error).message
            : `could not start: ${(error as Error).message}`;
    process.stderr.write(`ascend-dev: ${message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`ascend-dev: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`ascend-dev: ${signal} received, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`ascend-dev: shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Printed once the handlers are in place: whoever waits for the URL may signal at once.
  process.stderr.write(
    banner(
      server,
      command.options.adminToken === undefined && server.adminToken !== undefined,
      command.policyFile,
      command.options.corsOrigins,
      command.options.retainActions,
      command.options.fake?.models,
    ),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`ascend-dev: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
