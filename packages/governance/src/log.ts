/**
 * Logging for governed calls: the core `Logger` port, masked, never throwing, and by default on
 * stderr, because stdout is the protocol channel of a stdio MCP server and of many agent CLIs.
 */
import { SecretMasker, type Logger, type LogFields, type LogLevel } from '@ascend/core';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Writes each record as one JSON line to stderr (`console.error`), whatever its level. Use it
 * for the `AscendClient` of a stdio MCP server too: the core default writes info and debug lines
 * to stdout, which would corrupt the JSON-RPC stream.
 */
export const stderrJsonLogger: Logger = {
  log(record) {
    console.error(JSON.stringify({ timestamp: record.timestamp, level: record.level, logger: record.logger, message: record.message, ...record.fields }));
  },
};

/**
 * Attaches a no-op rejection handler when a callback typed as synchronous returned a promise (an
 * async logger or listener), so its rejection never becomes an unhandled rejection in the host.
 * Reading `then` or calling it may throw: the caller runs this inside its own try/catch.
 */
export function ignoreRejection(result: unknown): void {
  if ((typeof result === 'object' && result !== null) || typeof result === 'function') {
    const then = (result as { then?: unknown }).then;
    if (typeof then === 'function') (then as (f: undefined, r: () => void) => unknown).call(result, undefined, () => {});
  }
}

/**
 * Level filtering and masking in front of a {@link Logger}. Records carry `component` (the
 * integration: `mcp`, `ai-sdk`, …) and masked fields; a broken logger never breaks a call.
 */
export class GovernanceLog {
  private readonly threshold: number;
  private readonly masker = new SecretMasker();

  /**
   * @param logger - Where records go.
   * @param level - The minimum level written.
   * @param component - The `component` field of every record.
   */
  constructor(
    private readonly logger: Logger,
    level: LogLevel,
    private readonly component = 'governance',
  ) {
    this.threshold = LEVELS[level];
  }

  /** Writes one masked record when `level` reaches the threshold; never throws. */
  write(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (LEVELS[level] < this.threshold) return;
    try {
      const written: unknown = this.logger.log({
        timestamp: new Date().toISOString(),
        level,
        logger: 'ascend',
        message: this.masker.maskString(message),
        fields: { component: this.component, ...(this.masker.mask(fields) as Record<string, unknown>) },
      });
      ignoreRejection(written);
    } catch {
      // A broken logger must never break a tool call.
    }
  }
}
