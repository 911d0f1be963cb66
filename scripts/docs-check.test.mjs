// node --test scripts/ : `pnpm test` builds the API reference HTML (not only a validation pass)
// and typedoc's warnings fail it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';

const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const typedoc = JSON.parse(readFileSync(new URL('./typedoc.json', import.meta.url), 'utf8'));

it('pnpm test runs docs:check, which renders the HTML', () => {
  assert.match(root.scripts.test, /pnpm docs:check/);
  assert.match(root.scripts['docs:check'], /^typedoc --options scripts\/typedoc\.json/);
  assert.doesNotMatch(root.scripts['docs:check'], /--emit\s+(none|docs)\b/);
  assert.match(root.scripts['docs:check'], /--out dist\//, 'HTML goes to an ignored dist/ folder');
});

it('typedoc warnings, validation warnings included, are errors', () => {
  assert.equal(typedoc.treatWarningsAsErrors, true);
  assert.equal(typedoc.treatValidationWarningsAsErrors, true);
  assert.deepEqual(typedoc.validation, { notExported: true, invalidLink: true, invalidPath: true, notDocumented: true });
});
