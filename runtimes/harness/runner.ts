/**
 * The shape every runtime's runner has, and the helpers they share.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseReports, type ConformanceReport } from '../conformance/protocol.js';
import type { Bundles } from './bundle.js';
import { RUNTIMES_DIR } from './bundle.js';
import { runProcess, type ProcessResult } from './spawn.js';

/** What a runner gets: where the server is and the bundles to run. */
export interface RunContext {
  /** The conformance server's origin. */
  origin: string;
  /** A run id unique to this runtime in this harness run. */
  runId: string;
  /** The built bundles. */
  bundles: Bundles;
  /** Serves a file from the server's origin at `/static/<name>` (for the browser page). */
  serveStatic(name: string, contentType: string, body: string): void;
}

/** What a runner found. */
export interface RunOutcome {
  /** Reports parsed from the runtime's output (one per package under test). */
  reports: ConformanceReport[];
  /** Problems outside the checks: a crash, a time-out, a process that did not exit by itself. */
  problems: string[];
  /** The raw output, for diagnosis. */
  output: string;
}

/** One runtime of the matrix. */
export interface RuntimeRunner {
  /** Row label, e.g. `node20`. */
  id: string;
  /** Reports per run: how many packages the runtime tests. */
  expectedReports: number;
  /** Why the runtime cannot run on this machine, or undefined when it can. Also its version. */
  probe(): Promise<{ skip: string } | { version: string }>;
  /** Runs the bundle against the server. */
  run(ctx: RunContext): Promise<RunOutcome>;
}

/** Per-runtime hard limit for one run, in ms. Checks have their own 20 s limit each. */
export const RUN_TIMEOUT_MS = 90_000;

/** The directory of an npm package installed for the runtimes package. */
export function packageDir(name: string, from: string = RUNTIMES_DIR): string {
  return dirname(createRequire(join(from, 'package.json')).resolve(`${name}/package.json`));
}

/** Runs `command --version` style probes; a failure becomes the skip reason. */
export async function probeBinary(command: string, args: readonly string[]): Promise<{ skip: string } | { version: string }> {
  try {
    const r = await runProcess(command, args, { timeoutMs: 30_000 });
    if (r.code !== 0) return { skip: `${command} ${args.join(' ')} exited ${String(r.code)}: ${(r.stderr || r.stdout).trim().slice(0, 300)}` };
    const first = r.stdout.trim().split('\n')[0] ?? '';
    return { version: /\d+[.-]\d+[.-]\d+(?:\.\d+)?/.exec(first)?.[0] ?? first };
  } catch (error) {
    return { skip: `${command} cannot start: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Turns a finished CLI run into an outcome: reports from stdout, anything abnormal as a problem. */
export function outcomeOf(result: ProcessResult): RunOutcome {
  const output = `${result.stdout}${result.stderr ? `\n[stderr]\n${result.stderr}` : ''}`;
  const problems: string[] = [];
  let reports: ConformanceReport[] = [];
  try {
    reports = parseReports(result.stdout);
  } catch (error) {
    problems.push(`unreadable report: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (result.timedOut) problems.push(`killed after ${RUN_TIMEOUT_MS} ms: the process did not exit by itself`);
  else if (result.code === null) problems.push('the process was killed by a signal');
  else if (result.code !== 0 && reports.every((r) => r.checks.every((c) => c.ok))) problems.push(`exit code ${result.code}`);
  return { reports, problems, output };
}
