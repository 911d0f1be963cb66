/**
 * A scenario script as a live child process, and the one verdict every scenario uses: the process
 * ended by itself (it was not killed at the generous bound), with the expected exit code, having
 * printed exactly one result line with the expected fields.
 *
 * Nothing here measures time against a goal: `elapsedMs` is reported, never asserted.
 */
import { spawn } from 'node:child_process';
import { track } from '../harness/spawn.js';

/** How a child ended. */
export interface Finished {
  /** Exit code, or null when it was killed. */
  code: number | null;
  /** The signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  /** True when it was still running at the bound and had to be killed. */
  killed: boolean;
  /** Milliseconds from spawn to exit. */
  elapsedMs: number;
  stdout: string;
  stderr: string;
}

/** A running scenario script. */
export interface LiveScript {
  /** Resolves when the process has exited (by itself or killed at the bound). */
  readonly done: Promise<Finished>;
  /** True once the process has exited. */
  exited(): boolean;
  /** Milliseconds since spawn. */
  age(): number;
  /** Output so far. */
  stdout(): string;
}

/**
 * Starts `command args`, with only `env` as environment. It is killed (SIGKILL) when it is still
 * running after `killAfterMs`, and when the test process exits.
 */
export function startScript(command: string, args: readonly string[], options: { killAfterMs: number; cwd: string; env: NodeJS.ProcessEnv }): LiveScript {
  const started = Date.now();
  const child = track(spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  let killed = false;
  let exited = false;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, options.killAfterMs);
  const done = new Promise<Finished>((resolve) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      exited = true;
      resolve({ code: null, signal: null, killed: false, elapsedMs: Date.now() - started, stdout, stderr: `${stderr}\n[spawn error] ${error.message}` });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      exited = true;
      resolve({ code, signal, killed, elapsedMs: Date.now() - started, stdout, stderr });
    });
  });
  return { done, exited: () => exited, age: () => Date.now() - started, stdout: () => stdout };
}

/** The result lines a script printed: JSON objects with a `lifetime` key. */
export function resultLines(stdout: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of stdout.split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === 'object' && 'lifetime' in value) out.push(value as Record<string, unknown>);
    } catch {
      // not a result line
    }
  }
  return out;
}

/** What a scenario expects of its process. */
export interface Expected {
  /** Exit code. */
  code: number;
  /** Fields the single result line must have, compared with `===` (e.g. `{ outcome: 'allowed' }`). */
  result: Record<string, unknown>;
}

/** One line describing how the process ended, for reports and failure messages. */
export function describeEnd(f: Finished): string {
  const how = f.killed
    ? `killed after ${f.elapsedMs} ms (did not end by itself)`
    : f.code === null
      ? `ended by signal ${String(f.signal)} after ${f.elapsedMs} ms`
      : `exit ${f.code} after ${f.elapsedMs} ms`;
  const lines = resultLines(f.stdout);
  const printed = lines.length === 0 ? 'no result line' : lines.map((l) => JSON.stringify(l)).join(' + ');
  return `${how}, ${printed}`;
}

/**
 * Everything wrong with how a scenario process ended; empty when it passed. A process that had
 * to be killed, ended by a signal, exited with another code, printed no result line or several,
 * or printed other values fails.
 */
export function problemsOf(f: Finished, expected: Expected): string[] {
  const problems: string[] = [];
  if (f.killed) problems.push(`did not end by itself: killed after ${f.elapsedMs} ms`);
  else if (f.code === null) problems.push(`ended by signal ${String(f.signal)}`);
  else if (f.code !== expected.code) problems.push(`exit code ${f.code}, expected ${expected.code}`);
  const lines = resultLines(f.stdout);
  if (lines.length !== 1) problems.push(lines.length === 0 ? 'printed no result line' : `printed ${lines.length} result lines`);
  const line = lines[0];
  if (line) {
    for (const [key, value] of Object.entries(expected.result)) {
      if (line[key] !== value) problems.push(`${key} is ${JSON.stringify(line[key])}, expected ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

/** The output of a finished process, for a failure message. */
export function transcript(f: Finished): string {
  const cut = (s: string) => (s.length > 4000 ? `${s.slice(0, 4000)}… (${s.length} chars)` : s);
  return `--- stdout ---\n${cut(f.stdout.trimEnd())}\n--- stderr ---\n${cut(f.stderr.trimEnd())}`;
}
