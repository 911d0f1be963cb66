// ESLint flat config for the monorepo.
//
// Two jobs (docs/decisions/014-lint-and-format.md):
//
// 1. Type-aware lint on every package: typescript-eslint's `recommendedTypeChecked` plus a few
//    stricter rules that cost little, on `packages/*/src/**/*.ts`, with a short list of
//    relaxations for tests and test support, each with its reason next to it.
// 2. Keep @ascend/core runtime-agnostic (architecture property 6). Core source
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

const packageSources = ['packages/*/src/**/*.ts'];
const testFiles = ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test-d.ts', 'packages/*/src/test-support/**/*.ts'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser },
  },
  // Type-aware rules need each file's program: the project service finds the nearest
  // tsconfig.json, which for every package includes `src` (tests too).
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: packageSources })),
  {
    files: packageSources,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Stricter than recommended, where it costs little. A switch over a union (fault kinds,
      // decision states, breaker states) must name every member or say `default` on purpose.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      // An interface that extends one type and declares nothing is how declaration merging adds
      // members to another declaration (vitest's `Assertion`, the mock's prototype-installed
      // methods). Empty interfaces and `{}` as a type stay errors.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // `_`-prefixed names are deliberately unused (interface-shaped parameters, rest omits).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: testFiles,
    rules: {
      // `expect(mock.method).toHaveBeenCalled()` and `vi.spyOn` pass methods unbound by
      // design; vitest never calls them with a wrong `this`.
      '@typescript-eslint/unbound-method': 'off',
      // Test doubles implement async interfaces (fetch, signer, transport) with bodies that
      // have nothing to await; an `async` body is the clearest way to return a promise there.
      '@typescript-eslint/require-await': 'off',
      // Tests reach into parsed JSON bodies and recorded requests, which are `any` by type;
      // the assertion that follows is the check. Production code keeps all no-unsafe-* rules.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      // Hostile-input tests throw and reject with non-Error values on purpose, to check that the
      // SDK contains whatever a user's callback throws.
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
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
      'no-restricted-properties': ['error', ...forbiddenGlobals.map(([property, message]) => ({ object: 'globalThis', property, message }))],
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
