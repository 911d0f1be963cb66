// node --test scripts/ : the RATIO line convention shared by every bench (bench/run-all.mjs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRatioLine } from '../bench/run-all.mjs';

describe('parseRatioLine', () => {
  it('ignores ordinary output', () => {
    assert.equal(parseRatioLine('goal: 12 KB gzip, measured 11 KB'), null);
  });
  it('reads a met upper bound and a missed lower bound', () => {
    assert.deepEqual(parseRatioLine('RATIO size.browser.minimal.gzip_kb 11.42 <=12 met'), {
      name: 'size.browser.minimal.gzip_kb',
      value: 11.42,
      goal: '<=12',
      status: 'met',
      computed: 'met',
    });
    const r = parseRatioLine('RATIO core.breaker_open.calls_per_s 900000 >=1000000 missed');
    assert.equal(r.computed, 'missed');
    assert.equal(r.error, undefined);
  });
  it('recomputes the verdict, so a wrong self-assessment is visible', () => {
    const r = parseRatioLine('RATIO x 13 <=12 met');
    assert.equal(r.status, 'met');
    assert.equal(r.computed, 'missed');
  });
  it('reads an informational line (goal "-", status info) that is neither met nor missed', () => {
    assert.deepEqual(parseRatioLine('RATIO size.browser.full_minimal.gzip_kb 19.94 - info'), {
      name: 'size.browser.full_minimal.gzip_kb',
      value: 19.94,
      goal: '-',
      status: 'info',
      computed: 'info',
    });
    assert.match(parseRatioLine('RATIO x 1 - met').error, /informational/);
    assert.match(parseRatioLine('RATIO x 1 <=12 info').error, /informational/);
    assert.match(parseRatioLine('RATIO x fast - info').error, /not a number/);
  });
  it('reports malformed lines instead of dropping them', () => {
    assert.match(parseRatioLine('RATIO only-a-name').error, /expected RATIO/);
    assert.match(parseRatioLine('RATIO x fast <=12 met').error, /not a number/);
    assert.match(parseRatioLine('RATIO x 1 12 met').error, /not <=N or >=N/);
    assert.match(parseRatioLine('RATIO x 1 <=12 ok').error, /not met or missed/);
  });
});
