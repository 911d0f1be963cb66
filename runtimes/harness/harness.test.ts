/**
 * The harness's own failure paths: a hung runtime is killed and reported, a runtime that
 * printed passing checks but exited non-zero is flagged, and the table counts failures and skips.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_IDS, formatReport, parseReports, type ConformanceReport } from '../conformance/protocol.js';
import { outcomeOf } from './runner.js';
import { runProcess } from './spawn.js';
import { renderTable, totals } from './table.js';

const passing: ConformanceReport = {
  runtime: 'test 1.0',
  package: '@ascend/browser',
  checks: CHECK_IDS.map((id) => ({ id, ok: true, detail: 'fine' })),
};

describe('harness', () => {
  it('kills a process that does not exit by itself and reports it', async () => {
    const result = await runProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.code).toBeNull();
    expect(outcomeOf(result).problems.join()).toMatch(/did not exit by itself/);
  });

  it('reads reports back from output and flags a non-zero exit without a failed check', async () => {
    const script = `console.log(${JSON.stringify(formatReport(passing))}); process.exitCode = 3`;
    const outcome = outcomeOf(await runProcess(process.execPath, ['-e', script], { timeoutMs: 30_000 }));
    expect(outcome.reports).toEqual([passing]);
    expect(outcome.problems).toEqual(['exit code 3']);
  });

  it('round-trips a report through its text form', () => {
    const text = formatReport({ ...passing, checks: passing.checks.map((c, i) => (i === 2 ? { ...c, ok: false, detail: 'no' } : c)) });
    expect(text).toContain(`\n${CHECK_IDS.length - 1} passed, 1 failed\n`);
    expect(parseReports(`noise\n${text}\nmore noise`)[0]?.checks[2]).toEqual({ id: CHECK_IDS[2], ok: false, detail: 'no' });
  });

  it('counts failed checks, runtime problems and skips in the table', () => {
    const failing = { ...passing, checks: passing.checks.map((c, i) => (i === 0 ? { ...c, ok: false, detail: 'broken' } : c)) };
    const rows = [
      { runtime: 'a', status: 'ran' as const, version: '1', reports: [passing], problems: [] },
      { runtime: 'b', status: 'ran' as const, version: '2', reports: [failing], problems: ['exit code 1'] },
      { runtime: 'c', status: 'skipped' as const, reason: 'not installed' },
    ];
    const passed = 2 * CHECK_IDS.length - 1;
    expect(totals(rows)).toEqual({ passed, failed: 2, skipped: 1 });
    const table = renderTable(rows);
    expect(table).toContain(`\nruntimes: ${passed} passed, 2 failed, 1 skipped\n`);
    expect(table).toContain('c skipped: not installed');
    expect(table).toContain('allowed: broken');
  });
});
