import type { Logger } from '@ascend/core';

/**
 * The Node adapter's default logger: one JSON line per record on stderr, whatever the level.
 * stdout stays free for the host (a stdio MCP server's JSON-RPC stream, a CLI's output).
 * Records reach it already masked.
 */
export const stderrJsonLogger: Logger = {
  log(record) {
    process.stderr.write(
      JSON.stringify({ timestamp: record.timestamp, level: record.level, logger: record.logger, message: record.message, ...record.fields }) + '\n',
    );
  },
};
