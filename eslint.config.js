// ESLint flat config for the monorepo.
//
// Its one job today: keep @ascend/core runtime-agnostic (architecture property 6). Core source
// may not import Node built-ins (`node:*` or bare names such as `crypto`) nor reach
// runtime-specific globals (`process`, `Buffer`, `window`, `document`, `global`, `require`,
// `__dirname`, `__filename`), directly or through `globalThis`. Tests and test support run under
// Node only and are exempt. packages/core/src/built-output.test.ts checks the same on the built
// JavaScript.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...new Set(builtinModules.filter((name) => !name.startsWith('_')).map((name) => name.replace(/^node:/, '')))];

const forbiddenGlobals = [
  ['process', 'Core is runtime-agnostic: read configuration through the runtime port (env reader).'],
  ['Buffer', 'Core is runtime-agnostic: use Uint8Array and the helpers in bytes.ts.'],
  ['window', 'Core is runtime-agnostic: use globalThis for web-standard APIs, or the runtime port.'],
  ['document', 'Core is runtime-agnostic: no DOM.'],
  ['global', 'Core is runtime-agnostic: use globalThis.'],
  ['require', 'Core is ESM-only and runtime-agnostic: use import.'],
  ['__dirname', 'Core is ESM-only and runtime-agnostic: no module paths.'],
  ['__filename', 'Core is ESM-only and runtime-agnostic: no module paths.'],
];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts', 'packages/core/src/**/*.test-d.ts', 'packages/core/src/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Core is runtime-agnostic: no Node built-ins; take it from the runtime port.' })),
          // builtinModules already lists sub-paths such as `fs/promises`.
          patterns: [{ group: ['node:*'], message: 'Core is runtime-agnostic: no Node built-ins; take it from the runtime port.' }],
        },
      ],
      'no-restricted-globals': ['error', ...forbiddenGlobals.map(([name, message]) => ({ name, message }))],
      'no-restricted-properties': [
        'error',
        ...forbiddenGlobals.map(([property, message]) => ({ object: 'globalThis', property, message })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.value=/^node:/]',
          message: 'Core is runtime-agnostic: no Node built-ins, not even through a dynamic import.',
        },
      ],
    },
  },
);
