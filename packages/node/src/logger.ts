import { formatTextLine, type Logger } from '@ascend/core';

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

/**
 * The plain-text counterpart of {@link stderrJsonLogger}: one `formatTextLine` line per record
 * (`<timestamp> [LEVEL] ascend: <message> key=value…`) on stderr. The record is already masked.
 */
export const stderrTextLogger: Logger = {
  log(record) {
    process.stderr.write(formatTextLine(record) + '\n');
  },
};
