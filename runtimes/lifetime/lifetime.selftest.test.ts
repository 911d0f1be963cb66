/**
 * The lifetime suite is not vacuous: its verdict fails a process that exits early (exit 13 with
 * an unsettled top-level await, or a silent exit 0), one that never ends, and one that prints the
 * wrong thing; it passes one that did the job. And the derived shapes are what they claim to be.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUNTIMES_DIR } from '../harness/bundle.js';
import { problemsOf, startScript, type Finished } from './process.js';
import { deriveShape, OUT_DIR, SCRIPTS_DIR, splitScenario } from './shapes.js';

const DIR = join(OUT_DIR, 'selftest');

async function runSource(file: string, source: string, killAfterMs = 20_000): Promise<Finished> {
  const path = join(DIR, file);
  await writeFile(path, source);
  return startScript(process.execPath, [path], { killAfterMs, cwd: RUNTIMES_DIR, env: { PATH: process.env['PATH'] ?? '' } }).done;
}

const ALLOWED = { code: 0, result: { outcome: 'allowed' } };
const line = (outcome: string) => `console.log(JSON.stringify({ lifetime: 'selftest', outcome: ${JSON.stringify(outcome)} }));`;

beforeAll(async () => {
  await mkdir(DIR, { recursive: true });
});

describe('the lifetime verdict', () => {
  it('fails a script that exits early with an unsettled top-level await (exit 13)', async () => {
    // The shape of the bug: the only thing pending is an unref'd timer.
    const f = await runSource('early-tla.mjs', `await new Promise((resolve) => setTimeout(resolve, 5000).unref());\n${line('allowed')}\n`);
    expect(f.code).toBe(13);
    expect(problemsOf(f, ALLOWED)).toEqual(['exit code 13, expected 0', 'printed no result line']);
  });

  it('fails a CommonJS script that exits 0 silently before its work settled', async () => {
    const f = await runSource(
      'early.cjs',
      `async function main() { await new Promise((resolve) => setTimeout(resolve, 5000).unref()); ${line('allowed')} }\nmain();\n`,
    );
    expect(f.code).toBe(0);
    expect(problemsOf(f, ALLOWED)).toEqual(['printed no result line']);
  });

  it('fails a script that does not end by itself, after killing it at the bound', async () => {
    const f = await runSource('hang.mjs', `${line('allowed')}\nsetInterval(() => {}, 1000);\n`, 500);
    expect(f.killed).toBe(true);
    expect(problemsOf(f, ALLOWED)).toEqual([expect.stringMatching(/^did not end by itself: killed after \d+ ms$/)]);
  });

  it('fails a wrong outcome, a wrong exit code and more than one result line', async () => {
    const f = await runSource('wrong.mjs', `${line('denied')}\n${line('allowed')}\nprocess.exitCode = 3;\n`);
    expect(problemsOf(f, ALLOWED)).toEqual(['exit code 3, expected 0', 'printed 2 result lines', 'outcome is "denied", expected "allowed"']);
  });

  it('passes a script that did its job and ended by itself (other output ignored)', async () => {
    const f = await runSource(
      'fine.mjs',
      `console.log('some log line');\nconsole.log('{"not":"a result"}');\nawait new Promise((resolve) => setTimeout(resolve, 100));\n${line('allowed')}\n`,
    );
    expect(problemsOf(f, ALLOWED)).toEqual([]);
  });
});

describe('the derived shapes', () => {
  it('refuses a scenario that calls process.exit or imports anything but @ascend/node', () => {
    expect(() => splitScenario(`import { AscendClient } from '@ascend/node';\nprocess.exit(0);\n`)).toThrow(/process\.exit/);
    expect(() => splitScenario(`import { readFile } from 'node:fs/promises';\n`)).toThrow(/expected "import/);
    expect(() => splitScenario(`import { AscendClient } from '@ascend/node';\nimport fs from 'node:fs';\n`)).toThrow(/only one import/);
  });

  it('every scenario derives: CommonJS is valid CommonJS, and no await is left outside main()', async () => {
    const files = (await readdir(SCRIPTS_DIR)).filter((f) => f.endsWith('.mjs'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const source = await readFile(join(SCRIPTS_DIR, file), 'utf8');
      const name = file.slice(0, -4);
      expect(source, file).toMatch(/\bawait\b/); // written with top-level await
      for (const shape of ['cjs', 'main'] as const) {
        const derived = deriveShape(source, shape, name);
        const topLevel = derived.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('//'));
        expect(
          topLevel.filter((l) => /\bawait\b/.test(l)),
          `${file} as ${shape}`,
        ).toEqual([]);
        expect(derived).toContain('main().then(undefined,');
        if (shape === 'cjs') {
          const path = join(DIR, `${name}.check.cjs`);
          await writeFile(path, derived);
          execFileSync(process.execPath, ['--check', path]);
        }
      }
    }
  });
});
