#!/usr/bin/env node
/**
 * `pnpm demo`: runs every scenario against the embedded dev server and exits.
 * `pnpm demo -- --keep-open` leaves the dev server and its dashboard running afterwards.
 */
import { parseArgs } from 'node:util';
import { runDemo } from './demo.js';
import { consoleReporter } from './reporter.js';

const { values } = parseArgs({
  options: { 'keep-open': { type: 'boolean', default: false }, port: { type: 'string', default: '0' } },
  allowPositionals: false,
});

const started = Date.now();
const report = await runDemo({ reporter: consoleReporter, keepOpen: values['keep-open'], port: Number(values.port) });
console.log(`\nDemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
if (values['keep-open']) {
  console.log(`Dashboard: ${report.dashboardUrl} (Ctrl+C to stop)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void report.close().then(() => process.exit(0)));
  }
}
