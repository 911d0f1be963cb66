// Runs every bench/*.mjs (except this file) one after another, streams their output, and ends
// with one combined report of the ratios they printed. Root script: pnpm bench (builds first).
//
//   node bench/run-all.mjs [name-filter...] [--strict]
//
// The RATIO convention: a bench reports each measured goal on its own stdout line
//
//   RATIO <name> <value> <goal> <met|missed>
//   RATIO <name> <value> - info
//
//   name    dot-separated, no spaces, unit last when there is one: size.browser.minimal.gzip_kb,
//           core.evaluate.overhead_x
//   value   a plain number measured in this run (ratios compare two things measured in the same
//           run, never against a number from another machine)
//   goal    the comparison that must hold: <=N or >=N (N a plain number)
//   status  met or missed, the bench's own verdict; run-all recomputes it from value and goal and
//           flags a disagreement
//
// The second form is an informational measurement with no goal (goal `-`, status `info`): it is
// listed in the report but counts neither as met nor as missed.
//
// e.g. `RATIO size.browser.minimal.gzip_kb 11.42 <=12 met`. Lines that do not match are ordinary
// output. Benches run sequentially so they never compete for the CPU.
//
// Exit code: 1 when a bench exits non-zero, prints a malformed RATIO line or no goal-bearing one; with
// --strict also when a goal is missed; 0 otherwise.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const SELF = basename(fileURLToPath(import.meta.url));
const RATIO_LINE = /^RATIO\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/;

/**
 * Parses one `RATIO` line.
 * @param {string} line
 * @returns {null | { name: string, value: number, goal: string, status: string, computed: 'met' | 'missed' | 'info' | undefined, error?: string }}
 */
export function parseRatioLine(line) {
  if (!line.startsWith('RATIO')) return null;
  const m = RATIO_LINE.exec(line.trim());
  if (!m)
    return {
      name: line.trim(),
      value: NaN,
      goal: '',
      status: '',
      computed: undefined,
      error: 'expected RATIO <name> <value> <goal> <met|missed> (or <value> - info)',
    };
  const [, name, rawValue, goal, status] = m;
  const value = Number(rawValue);
  if (goal === '-' || status === 'info') {
    const errors = [];
    if (!Number.isFinite(value)) errors.push(`value "${rawValue}" is not a number`);
    if (goal !== '-' || status !== 'info') errors.push('an informational line has goal "-" and status info');
    return { name, value, goal, status, computed: errors.length ? undefined : 'info', ...(errors.length ? { error: errors.join('; ') } : {}) };
  }
  const g = /^(<=|>=)(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i.exec(goal);
  const errors = [];
  if (!Number.isFinite(value)) errors.push(`value "${rawValue}" is not a number`);
  if (!g) errors.push(`goal "${goal}" is not <=N or >=N`);
  if (status !== 'met' && status !== 'missed') errors.push(`status "${status}" is not met or missed`);
  const computed = g && Number.isFinite(value) ? ((g[1] === '<=' ? value <= Number(g[2]) : value >= Number(g[2])) ? 'met' : 'missed') : undefined;
  return { name, value, goal, status, computed, ...(errors.length ? { error: errors.join('; ') } : {}) };
}

function runBench(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(HERE, file)], { cwd: join(HERE, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    const ratios = [];
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const r = parseRatioLine(line);
        if (r) ratios.push(r);
      }
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('close', (code, signal) => {
      const r = parseRatioLine(pending);
      if (r) ratios.push(r);
      resolve({ file, code: code ?? (signal ? 1 : 0), signal, ratios, seconds: (Date.now() - started) / 1000 });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const strict = args.includes('--strict');
  const filters = args.filter((a) => !a.startsWith('--'));
  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.mjs') && !f.endsWith('.test.mjs') && f !== SELF && !f.startsWith('.') && !f.startsWith('_'))
    .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
    .sort();

  const runs = [];
  for (const file of files) {
    console.log(`\n=== bench/${file} ${'='.repeat(Math.max(3, 70 - file.length))}`);
    runs.push(await runBench(file));
  }

  console.log(`\n${'='.repeat(80)}\nBENCH REPORT (${runs.length} bench${runs.length === 1 ? '' : 'es'}, one machine, one run)\n`);
  console.log(`${'ratio'.padEnd(44)} ${'value'.padStart(10)} ${'goal'.padStart(9)}  status`);
  let met = 0;
  let missed = 0;
  let info = 0;
  const problems = [];
  for (const run of runs) {
    if (run.code !== 0) problems.push(`bench/${run.file} exited with ${run.signal ?? `code ${run.code}`}`);
    if (!run.ratios.some((r) => r.computed !== 'info')) problems.push(`bench/${run.file} printed no RATIO line with a goal`);
    for (const r of run.ratios) {
      if (r.error) {
        problems.push(`bench/${run.file}: malformed RATIO line (${r.error}): ${r.name}`);
        continue;
      }
      if (r.computed === 'info') {
        info++;
        console.log(`${r.name.padEnd(44)} ${String(r.value).padStart(10)} ${'-'.padStart(9)}  info`);
        continue;
      }
      if (r.computed !== r.status) problems.push(`bench/${run.file}: ${r.name} says ${r.status} but ${r.value} ${r.goal} is ${r.computed}`);
      if (r.computed === 'met') met++;
      else missed++;
      console.log(`${r.name.padEnd(44)} ${String(r.value).padStart(10)} ${r.goal.padStart(9)}  ${r.computed === 'met' ? 'met' : 'MISSED'}`);
    }
  }
  console.log(
    `\n${met} met, ${missed} missed, ${info} informational; time per bench: ${runs.map((r) => `${r.file} ${r.seconds.toFixed(1)}s`).join(', ') || 'none'}`,
  );
  for (const p of problems) console.log(`problem: ${p}`);
  process.exitCode = problems.length > 0 || (strict && missed > 0) ? 1 : 0;
}
