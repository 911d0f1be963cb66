/**
 * The registry of governed tools: which tools of a server (or of a `withGovernance` factory) are
 * governed, and how. The counterpart of the Python middleware's `governed_tools`, with each
 * tool's governance options as well as its name.
 */
import type { GovernanceClient } from '@ascend/governance';
import { DATA_OPTION_KEYS, isHighRisk, mergeGovernance, resolveGovernance, type McpGovernToolOptions } from './governed-call.js';

/**
 * A tool's annotations (MCP `ToolAnnotations`, the same fields in SDK 1.x and 2.x): behaviour
 * hints for clients.
 */
export interface ToolAnnotations {
  /** Display title. */
  title?: string;
  /** The tool does not modify its environment. */
  readOnlyHint?: boolean;
  /** The tool may perform destructive updates. */
  destructiveHint?: boolean;
  /** Calling it again with the same arguments has no additional effect. */
  idempotentHint?: boolean;
  /** The tool may interact with an open world of external entities. */
  openWorldHint?: boolean;
}

/**
 * A governed tool's governance options, as plain data: the same fields, with the same meaning,
 * as `GovernToolOptions`. Options given as functions of the arguments (`actionType`,
 * `resource`, `resourceId`, `riskIndicators`) appear here only when given as values; hooks and
 * objects with behaviour (callbacks, `redact`, `summarizeResult`, `logger`, `clock`,
 * `killSwitch`) never do: {@link GovernedToolInfo.functions} names them. Nothing here is a secret
 * unless you put one in `metadata`.
 */
export type GovernanceSummary = {
  [K in (typeof DATA_OPTION_KEYS)[number]]?: Exclude<McpGovernToolOptions<never, never>[K], (...args: never[]) => unknown>;
};

/** One governed tool in a {@link GovernedToolRegistry}. */
export interface GovernedToolInfo {
  /** The tool's name (as registered, and as sent as `tool_name`). */
  name: string;
  /** Registered as high risk (`highRiskTool`): `riskLevel: 'high'`, `requireHumanApproval`, `destructiveHint`. */
  highRisk: boolean;
  /** Registered as a task-capable tool (`execution.taskSupport: 'optional'`). */
  tasks: boolean;
  /** The annotations the tool was registered with, as `tools/list` shows them. */
  annotations: ToolAnnotations | undefined;
  /** Its governance options as plain data (defaults merged in, hooks left out). */
  governance: GovernanceSummary;
  /** Names of the options given as functions or objects with behaviour, e.g. `['resource', 'onDenied']`. */
  functions: string[];
}

/** Option keys that are behaviour, never data. */
const BEHAVIOUR_KEYS: ReadonlySet<string> = new Set(['logger', 'clock', 'killSwitch', 'telemetry']);

/** @internal The plain-data view of a tool's options. */
export function summarizeGovernance(options: Partial<McpGovernToolOptions<never, never>>): { governance: GovernanceSummary; functions: string[] } {
  const source = options as Record<string, unknown>;
  const governance: Record<string, unknown> = {};
  for (const key of DATA_OPTION_KEYS) {
    const value = source[key];
    if (value === undefined || typeof value === 'function') continue;
    governance[key] = copyPlain(value);
  }
  const functions = Object.keys(source)
    .filter((key) => source[key] !== undefined && (typeof source[key] === 'function' || BEHAVIOUR_KEYS.has(key)))
    .sort();
  return { governance, functions };
}

/**
 * The governed tools of one server or factory, in registration order. Read-only for callers:
 * every getter returns copies.
 */
export class GovernedToolRegistry {
  readonly #tools = new Map<string, GovernedToolInfo>();

  /** Names of the governed tools, in registration order. */
  get names(): string[] {
    return [...this.#tools.keys()];
  }

  /** Number of governed tools. */
  get size(): number {
    return this.#tools.size;
  }

  /** Every governed tool, in registration order (copies). */
  list(): GovernedToolInfo[] {
    return [...this.#tools.values()].map(copyInfo);
  }

  /** One governed tool by name (a copy), or undefined. */
  get(name: string): GovernedToolInfo | undefined {
    const info = this.#tools.get(name);
    return info ? copyInfo(info) : undefined;
  }

  /** True when `name` is a governed tool here. */
  has(name: string): boolean {
    return this.#tools.has(name);
  }

  /** @internal Records a tool (a re-registration under the same name replaces it). */
  add(info: GovernedToolInfo): void {
    this.#tools.delete(info.name);
    this.#tools.set(info.name, copyInfo(info));
  }

  /** @internal Forgets a tool (removed from the server). */
  delete(name: string): void {
    this.#tools.delete(name);
  }
}

function copyInfo(info: GovernedToolInfo): GovernedToolInfo {
  return {
    name: info.name,
    highRisk: info.highRisk,
    tasks: info.tasks,
    annotations: info.annotations === undefined ? undefined : (copyPlain(info.annotations) as ToolAnnotations),
    governance: copyPlain(info.governance) as GovernanceSummary,
    functions: [...info.functions],
  };
}

function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyPlain(v);
    return out;
  }
  return value;
}

/**
 * The body of both entries' `withGovernance`: checks the defaults once, then returns a function
 * that merges them under each tool's options, wraps the handler with `wrap` (the entry's
 * `governTool`) and records the tool in the factory's `registry`.
 * @internal
 */
export function governanceFactory<Wrap extends object, Options extends McpGovernToolOptions<never, never>>(
  client: GovernanceClient,
  defaults: Omit<Options, 'toolName'>,
  wrap: (options: Options, handler: unknown) => unknown,
): Wrap & { readonly registry: GovernedToolRegistry } {
  resolveGovernance(client, { ...defaults, toolName: 'defaults' });
  const registry = new GovernedToolRegistry();
  const govern = (options: Options, handler: unknown): unknown => {
    const merged: Options = mergeGovernance(defaults, options);
    const governed = wrap(merged, handler);
    const { toolName, ...rest } = merged;
    registry.add({ name: toolName, highRisk: isHighRisk(rest), tasks: false, annotations: undefined, ...summarizeGovernance(rest) });
    return governed;
  };
  return Object.assign(govern as unknown as Wrap, { registry });
}

/**
 * Records a tool a governed server registered, and keeps the registry true to the server: when
 * the tool is removed, it leaves the registry too. Returns the tool.
 * @internal
 */
export function recordTool<T extends { remove(): void }>(registry: GovernedToolRegistry, info: GovernedToolInfo, tool: T): T {
  registry.add(info);
  const remove = tool.remove.bind(tool);
  tool.remove = () => {
    registry.delete(info.name);
    remove();
  };
  return tool;
}
