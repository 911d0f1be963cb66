/**
 * The dev server's structured logging: level filtering and secret masking in front of a core
 * {@link Logger} port (JSON lines by default).
 *
 * @packageDocumentation
 */
import { jsonLinesLogger, SecretMasker, type LogFields, type Logger, type LogLevel } from '@ascend/core';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A masked, level-filtered logger. Never throws. */
export interface DevLogger {
  /** True when records at `level` are written (skip building expensive fields otherwise). */
  enabled(level: LogLevel): boolean;
  /** Writes a debug record. */
  debug(message: string, fields?: LogFields): void;
  /** Writes an info record. */
  info(message: string, fields?: LogFields): void;
  /** Writes a warning. */
  warn(message: string, fields?: LogFields): void;
  /** Writes an error. */
  error(message: string, fields?: LogFields): void;
  /** Adds literal secrets (e.g. a webhook secret a client configured) to the mask list. */
  addSecrets(secrets: readonly string[]): void;
}

/**
 * Creates a {@link DevLogger}. Every message and every field passes through a
 * {@link SecretMasker} that knows `secrets` literally, plus the usual key formats and names.
 */
export function createDevLogger(logger: Logger = jsonLinesLogger, level: LogLevel = 'info', secrets: readonly string[] = []): DevLogger {
  const threshold = LEVELS[level];
  const known = new Set(secrets.filter((s) => s.length > 0));
  const masker = new SecretMasker([...known]);
  const write = (lvl: LogLevel, message: string, fields: LogFields = {}): void => {
    if (LEVELS[lvl] < threshold) return;
    try {
      logger.log({
        timestamp: new Date().toISOString(),
        level: lvl,
        logger: 'ascend',
        message: masker.maskString(message),
        fields: { component: 'dev-server', ...(masker.mask(fields) as Record<string, unknown>) },
      });
    } catch {
      // A broken log sink must never break the server.
    }
  };
  return {
    enabled: (lvl) => LEVELS[lvl] >= threshold,
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    addSecrets(more) {
      let changed = false;
      for (const s of more) {
        if (s.length > 0 && !known.has(s)) {
          known.add(s);
          changed = true;
        }
      }
      if (changed) masker.setSecrets([...known]);
    },
  };
}
