/**
 * The MCP kill-switch consumer (reference §8.5): in-process state of which MCP servers an
 * operator has blocked. The host application feeds it the messages it receives (e.g. from the
 * organization's SQS queue); governed tools consult it before any network call.
 */
import { ignoreRejection } from './log.js';

/** A block or unblock command for MCP servers, as ASCEND publishes it (snake_case wire shape). */
export interface McpKillSwitchMessage {
  /** Only `mcp_server` messages are applied. @defaultValue 'agent' (ignored) */
  target_type?: string;
  /** `BLOCK` or `UNBLOCK` (case-insensitive); other commands are ignored. */
  command_type?: string;
  /** The blocked server's configuration id (number or string on the wire). */
  target_mcp_server_config_id?: string | number | null;
  /** Command parameters; `mcp_server` names the server. */
  parameters?: { mcp_server?: string | null; [key: string]: unknown } | null;
  /** Server name, when not inside `parameters`. */
  mcp_server?: string | null;
  /** Why the operator issued the command. */
  reason?: string | null;
  [key: string]: unknown;
}

/** What applying one message did. */
export type McpKillSwitchChange =
  | { applied: true; command: 'BLOCK' | 'UNBLOCK'; serverName: string | undefined; configId: string | undefined }
  | { applied: false; why: 'malformed' | 'not_mcp_server' | 'unknown_command' | 'no_target' };

/** Anything that can say whether an MCP server is blocked; {@link McpKillSwitchConsumer} is one. */
export interface McpKillSwitchView {
  /** True when the server is blocked by name or by configuration id. */
  isBlocked(serverName?: string, configId?: string | number): boolean;
  /** Why it is blocked, when the operator said. */
  blockReason?(serverName?: string, configId?: string | number): string | undefined;
}

/** Options of {@link McpKillSwitchConsumer}. */
export interface McpKillSwitchConsumerOptions {
  /**
   * Called after each message that changed the state. Exceptions are swallowed, and so is the
   * rejection of an async listener (it never becomes an unhandled rejection).
   */
  onChange?: (change: Extract<McpKillSwitchChange, { applied: true }>) => void;
}

/**
 * Keeps the set of blocked MCP servers, by name and by configuration id.
 *
 * Unlike the Python consumer, numeric and string configuration ids are the same id (`42` and
 * `"42"`), an SNS envelope or a JSON string body is unwrapped, and each block keeps its reason
 * so a blocked tool can tell the model why.
 *
 * @example
 * ```ts
 * const killSwitch = new McpKillSwitchConsumer()
 * for (const m of await sqs.receive()) killSwitch.apply(m.Body) // your queue loop
 * const tools = governedServer(server, client, { serverName: 'fs-server', killSwitch })
 * ```
 */
export class McpKillSwitchConsumer implements McpKillSwitchView {
  private readonly names = new Map<string, string | undefined>();
  private readonly configIds = new Map<string, string | undefined>();

  constructor(private readonly options: McpKillSwitchConsumerOptions = {}) {}

  /**
   * Applies one message: a {@link McpKillSwitchMessage}, its JSON text, or an SNS notification
   * envelope (`{ Type: 'Notification', Message: '<json>' }`) around it. Never throws: malformed
   * input, other target types and unknown commands are ignored and reported in the return value.
   */
  apply(message: unknown): McpKillSwitchChange {
    let m: unknown;
    try {
      m = unwrap(message);
    } catch {
      return { applied: false, why: 'malformed' };
    }
    if (!isRecord(m)) return { applied: false, why: 'malformed' };
    const target = m['target_type'] ?? 'agent';
    if (target !== 'mcp_server') return { applied: false, why: 'not_mcp_server' };
    const rawCommand = m['command_type'];
    if (typeof rawCommand !== 'string') return { applied: false, why: 'malformed' };
    const command = rawCommand.trim().toUpperCase();
    if (command !== 'BLOCK' && command !== 'UNBLOCK') return { applied: false, why: 'unknown_command' };
    const params = isRecord(m['parameters']) ? m['parameters'] : {};
    const serverName = text(params['mcp_server']) ?? text(m['mcp_server']);
    const configId = idText(m['target_mcp_server_config_id']);
    if (serverName === undefined && configId === undefined) return { applied: false, why: 'no_target' };
    const reason = text(m['reason']) ?? text(params['reason']);
    if (command === 'BLOCK') {
      if (serverName !== undefined) this.names.set(serverName, reason);
      if (configId !== undefined) this.configIds.set(configId, reason);
    } else {
      if (serverName !== undefined) this.names.delete(serverName);
      if (configId !== undefined) this.configIds.delete(configId);
    }
    const change = { applied: true, command, serverName, configId } satisfies McpKillSwitchChange;
    try {
      ignoreRejection(this.options.onChange?.(change));
    } catch {
      // A listener's failure must not undo or block the state change.
    }
    return change;
  }

  /** True when the server is blocked by name, or by configuration id (`42` and `"42"` are equal). */
  isBlocked(serverName?: string, configId?: string | number): boolean {
    if (serverName !== undefined && this.names.has(serverName)) return true;
    const id = idText(configId);
    return id !== undefined && this.configIds.has(id);
  }

  /** The reason given with the block that applies, if any. */
  blockReason(serverName?: string, configId?: string | number): string | undefined {
    if (serverName !== undefined && this.names.has(serverName)) return this.names.get(serverName);
    const id = idText(configId);
    return id === undefined ? undefined : this.configIds.get(id);
  }

  /** Clears every block. */
  reset(): void {
    this.names.clear();
    this.configIds.clear();
  }

  /** A copy of the blocked server names. */
  get blockedServers(): string[] {
    return [...this.names.keys()];
  }

  /** A copy of the blocked configuration ids, as strings. */
  get blockedConfigIds(): string[] {
    return [...this.configIds.keys()];
  }
}

function unwrap(message: unknown): unknown {
  let m = typeof message === 'string' ? (JSON.parse(message) as unknown) : message;
  // SNS → SQS delivery without raw message delivery wraps the payload in a notification.
  if (isRecord(m) && m['Type'] === 'Notification' && typeof m['Message'] === 'string') m = JSON.parse(m['Message']) as unknown;
  return m;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  return undefined;
}
