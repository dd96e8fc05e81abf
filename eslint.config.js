// ESLint flat config: typescript-eslint's strict type-checked rules, the React hooks rules for the Preact
// components, and ESLint's recommended rules for the few plain-JS files. Formatting is Prettier's job
// (.prettierrc.json): no stylistic rule here.
//
// TypeScript: `tsc` (npm run typecheck) is TypeScript 7.0.2, the native compiler, installed as the
// `typescript-7` alias. TypeScript 7.0 ships no JavaScript compiler API (its package exports a version
// string and an unstable IPC client), and typescript-eslint 8.x needs that API for typed linting through
// projectService (peer range `typescript >=4.8.4 <6.1.0`; its experimental tsgo backend needs TypeScript
// 7.1 nightlies). So, as Microsoft documents for running 6.0 and 7.0 side by side, the `typescript`
// package name is an npm alias of `@typescript/typescript6` (TypeScript 6.0's API, with a `tsc6` bin):
// typescript-eslint imports it, and only linting uses it. Type errors are tsc 7's to report.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/', 'dist-firefox/', 'dist-bench/', 'release/', '.tmp/', 'bench-results/', 'coverage/', 'demo-screenshots/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // With noUncheckedIndexedAccess on, `!` after an index or lookup the code has just checked (or a test's
      // own fixture) is this codebase's deliberate idiom.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Callbacks are typed with method syntax (`onClose(): void`) and are plain closures; no code passes a
      // `this`-using method around.
      '@typescript-eslint/unbound-method': 'off',
      // Numbers and booleans print as expected in messages and selectors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `onClick={() => setOpen(false)}` is the Preact idiom, and so is `return reject(...)` in a void function.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // An `async` stub or implementation without `await` is deliberate: it returns a promise, and a throw in it
      // becomes a rejection, as its interface expects.
      '@typescript-eslint/require-await': 'off',
      // The types say "never null" where the runtime may (document.body, an AbortSignal after an await, messages
      // and stored records from older versions): those checks are deliberate defence.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `Cleanup | void`: a callback may return a cleanup function or nothing.
      '@typescript-eslint/no-invalid-void-type': 'off',
      // Rejecting with `signal.reason` (an abort's own DOMException, typed `any`) is the standard abort idiom.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // A `_`-named binding is one the code drops on purpose (e.g. to leave it out of a rest object).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Spreading a Storage or a DOMStringMap copies its entries, which is what the tests want.
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: ['Storage', 'DOMStringMap'] }] }],
    },
  },
  {
    // No HTML from strings in the extension: the one innerHTML that `web-ext lint` reports is Preact's own
    // dangerouslySetInnerHTML path, which this keeps unused.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text and elements, never an HTML string.' },
        { selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]', message: 'Set textContent or build elements, never an HTML string.' },
        { selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|setHTMLUnsafe)$/]', message: 'Build elements, never an HTML string.' },
        { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]", message: 'Build elements, never an HTML string.' },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      // vitest's asymmetric matchers (expect.any, expect.stringContaining, ...) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Tests stub DOM classes (`class {}`) to make a global exist.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      // A React Compiler rule: it does not know that preact/hooks' useRef returns a mutable ref, so it reports
      // every `ref.current = ...`.
      'react-hooks/immutability': 'off',
    },
  },
  {
    // The look-alike Partner Center pages' own scripts: plain browser scripts.
    files: ['test/fixtures/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    files: ['test/fixtures/pages/migration-app.js'],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
);
