/**
 * The kill switch and the pending-command channel (reference §3.14–3.16).
 * @internal
 */
import type { FakeContext } from './context.js';
import { uuidV4 } from './ids.js';
import type { JsonObject } from './json.js';
import { trackCommand } from './store-indexes.js';
import type { FakeCommand, FakeKillSwitch } from './store-records.js';

/** Options of {@link setKillSwitch}. */
export interface KillSwitchInput {
  /** Why (shown as `reason`). */
  readonly reason?: string;
  /** Who (shown as `activated_by`); defaults to `admin@ascend.local`. */
  readonly by?: string;
  /**
   * Also issue an organization-wide `BLOCK` (on) or `UNBLOCK` (off) command, as the backend's
   * HTTP fallback channel would. Default true.
   */
  readonly broadcastCommand?: boolean;
}

/** Input of {@link issueCommand}. */
export interface IssueCommandInput {
  /** Target agent; omit or null for an organization-wide broadcast. */
  readonly agentId?: string | null;
  /** E.g. `BLOCK`, `UNBLOCK`; upper-cased. */
  readonly commandType: string;
  /** `agent` (default) or `mcp_server`. */
  readonly targetType?: string;
  /** Why. */
  readonly reason?: string;
  /** Free parameters. */
  readonly parameters?: JsonObject;
  /** Issuer; default `admin@ascend.local`. */
  readonly issuedBy?: string;
  /** Channel; default `admin_api`. */
  readonly issuedVia?: string;
  /** Lifetime in ms from now; no expiry when omitted. */
  readonly expiresInMs?: number;
}

/** Issues a command. */
export function issueCommand(ctx: FakeContext, input: IssueCommandInput): FakeCommand {
  const { store, fx } = ctx;
  const nowMs = fx.now();
  const expiresAtMs = input.expiresInMs === undefined ? null : nowMs + input.expiresInMs;
  const command: FakeCommand = {
    commandId: uuidV4(ctx.options.randomBytes),
    agentId: input.agentId ?? null,
    commandType: input.commandType.toUpperCase(),
    targetType: input.targetType ?? 'agent',
    reason: input.reason ?? null,
    parameters: structuredClone(input.parameters ?? {}),
    status: 'pending',
    issuedBy: input.issuedBy ?? 'admin@ascend.local',
    issuedVia: input.issuedVia ?? 'admin_api',
    createdAt: new Date(nowMs).toISOString(),
    expiresAt: expiresAtMs === null ? null : new Date(expiresAtMs).toISOString(),
    expiresAtMs,
    deliveredTo: [],
    acknowledgedBy: [],
    acknowledgedAt: null,
  };
  store.put('command', command);
  trackCommand(store, command);
  fx.audit({
    eventType: 'AGENT_COMMAND_ISSUED',
    actor: command.issuedBy,
    resource: command.agentId ?? '*',
    action: command.commandType,
    outcome: 'pending',
    details: { command_id: command.commandId, target_type: command.targetType, reason: command.reason },
  });
  fx.emit('command.issued', command);
  return command;
}

/** Marks commands past their expiry as expired. */
export function sweepCommands(ctx: FakeContext): number {
  const { store } = ctx;
  const nowMs = ctx.fx.now();
  let next = Number.POSITIVE_INFINITY;
  for (const c of store.openCommands) {
    if ((c.status !== 'pending' && c.status !== 'delivered') || c.expiresAtMs === null) {
      store.openCommands.delete(c);
    } else if (c.expiresAtMs <= nowMs) {
      c.status = 'expired';
      store.openCommands.delete(c);
      store.put('command', c);
    } else {
      next = Math.min(next, c.expiresAtMs);
    }
  }
  return next;
}

/** Turns the kill switch on or off. */
export function setKillSwitch(ctx: FakeContext, active: boolean, input: KillSwitchInput = {}): FakeKillSwitch {
  const { store, fx } = ctx;
  const by = input.by ?? 'admin@ascend.local';
  const state = store.setKillSwitch(
    active
      ? { active: true, reason: input.reason ?? null, activatedAt: fx.iso(), activatedBy: by }
      : { active: false, reason: null, activatedAt: null, activatedBy: null },
  );
  fx.audit({
    eventType: active ? 'kill_switch.activated' : 'kill_switch.deactivated',
    actor: by,
    outcome: active ? 'active' : 'inactive',
    details: { reason: input.reason ?? null },
  });
  fx.emit('kill-switch', state);
  if (input.broadcastCommand ?? true) {
    issueCommand(ctx, {
      agentId: null,
      commandType: active ? 'BLOCK' : 'UNBLOCK',
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      issuedBy: by,
      issuedVia: 'kill_switch',
    });
  }
  return state;
}
