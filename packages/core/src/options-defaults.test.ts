/**
 * Each option's default is written once, in the rule table of `options.ts`; the `@defaultValue`
 * that users read in the TSDoc of `AscendClientOptions` and its groups must say the same. This
 * reads the documented defaults from the source and checks them against the table and against
 * what `resolveOptions` actually gives.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTION_RULES, resolveOptions } from './options.js';

const source = readFileSync(new URL('./options.ts', import.meta.url), 'utf8');

// Each documented interface, and the option group its fields belong to ('' for the top level).
const INTERFACES: Readonly<Record<string, string>> = {
  AscendClientOptions: '',
  RetryOptions: 'retry',
  CircuitBreakerOptions: 'circuitBreaker',
  ApprovalOptions: 'approvals',
  KillSwitchOptions: 'killSwitch',
  HeartbeatOptions: 'heartbeat',
  ReportSpoolOptions: 'reportSpool',
};

/** `@defaultValue` text of every documented field, by dotted option name. */
function documentedDefaults(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [name, group] of Object.entries(INTERFACES)) {
    const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
    expect(body, `interface ${name} in options.ts`).toBeDefined();
    for (const [, doc, field] of body!.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(\w+)\?:/g)) {
      const text = /@defaultValue\s+([^\n]*?)\s*(?:\*\/|$)/m.exec(doc!)?.[1];
      if (text !== undefined) found.set(group ? `${group}.${field}` : field!, text);
    }
  }
  return found;
}

/**
 * A documented default as a value when it is a literal (`3000`, `'closed'`, `true`), possibly
 * followed by a note in parentheses (`8388608 (8 MiB)`); undefined for prose (`3 × intervalMs`).
 */
function literal(text: string): unknown {
  const token = /^(\S+)(?:\s+\(.*\))?$/.exec(text)?.[1] ?? '';
  if (/^-?\d+$/.test(token)) return Number(token);
  if (token === 'true' || token === 'false') return token === 'true';
  const quoted = /^'([^']*)'$/.exec(token);
  return quoted ? quoted[1] : undefined;
}

function resolvedValue(resolved: object, name: string): unknown {
  return name.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown>)[key], resolved);
}

describe('option defaults are written once and documented as they are', () => {
  const documented = documentedDefaults();
  const resolved = resolveOptions({ apiKey: 'key-0001' }, () => undefined);

  it('finds the documented defaults', () => {
    expect(documented.size).toBeGreaterThan(20);
  });

  it.each(Object.entries(OPTION_RULES).filter(([, rule]) => rule.default !== undefined))(
    '%s: the rule, the TSDoc and the resolved value agree',
    (name, rule) => {
      const text = documented.get(name);
      expect(text, `@defaultValue of ${name}`).toBeDefined();
      expect(literal(text!)).toBe(rule.default);
      expect(resolvedValue(resolved, name)).toBe(rule.default);
    },
  );

  it('every literal documented default, in the table or not, is what resolveOptions gives', () => {
    const literals = [...documented].filter(([, text]) => literal(text) !== undefined);
    expect(literals.length).toBeGreaterThan(20);
    for (const [name, text] of literals) expect(resolvedValue(resolved, name), name).toBe(literal(text));
  });

  it('a default computed from another option is documented as such', () => {
    expect(OPTION_RULES['killSwitch.staleAfterMs']!.default).toBeUndefined();
    expect(documented.get('killSwitch.staleAfterMs')).toBe('3 × intervalMs');
    expect(resolved.killSwitch.staleAfterMs).toBe(3 * resolved.killSwitch.intervalMs);
  });
});
