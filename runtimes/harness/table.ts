/**
 * Renders the matrix: one row per runtime and package, one column per check.
 */
import { CHECK_IDS, type ConformanceReport } from '../conformance/protocol.js';

/** What one runtime produced, for the table. */
export type MatrixRow =
  | { runtime: string; status: 'ran'; version: string; reports: ConformanceReport[]; problems: string[] }
  | { runtime: string; status: 'skipped'; reason: string };

/** Totals over every check of every report; a runtime problem counts as one failure. */
export function totals(rows: readonly MatrixRow[]): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const row of rows) {
    if (row.status === 'skipped') {
      skipped++;
      continue;
    }
    for (const r of row.reports) for (const c of r.checks) c.ok ? passed++ : failed++;
    failed += row.problems.length;
  }
  return { passed, failed, skipped };
}

/** The table as text, ending with the `N passed, N failed` line. */
export function renderTable(rows: readonly MatrixRow[]): string {
  const header = ['runtime', 'version', 'package', ...CHECK_IDS];
  const body: string[][] = [];
  const notes: string[] = [];
  for (const row of rows) {
    if (row.status === 'skipped') {
      body.push([row.runtime, '-', '-', ...CHECK_IDS.map(() => 'SKIP')]);
      notes.push(`${row.runtime} skipped: ${row.reason}`);
      continue;
    }
    if (row.reports.length === 0) body.push([row.runtime, row.version, '-', ...CHECK_IDS.map(() => 'NO REPORT')]);
    for (const report of row.reports) {
      const cells = CHECK_IDS.map((id) => {
        const c = report.checks.find((x) => x.id === id);
        return c === undefined ? 'missing' : c.ok ? 'pass' : 'FAIL';
      });
      body.push([row.runtime, row.version, report.package, ...cells]);
      for (const c of report.checks) if (!c.ok) notes.push(`${report.runtime} ${report.package} ${c.id}: ${c.detail}`);
    }
    for (const p of row.problems) notes.push(`${row.runtime}: ${p}`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  const t = totals(rows);
  return [
    '',
    'ASCEND runtime matrix',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...body.map(line),
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    `runtimes: ${t.passed} passed, ${t.failed} failed${t.skipped > 0 ? `, ${t.skipped} skipped` : ''}`,
    '',
  ].join('\n');
}
