// Flat config. eslint-config-next 16.4 already adapts its older plugins (react, import) to ESLint 10's rule
// context, so its presets are used as they are; the project's own rules come after them and win.
// Lint stays syntax-only (no type-aware rules): `tsc` checks types, and lint must finish in seconds on 2 cores.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

export default defineConfig([
  globalIgnores([
    'node_modules/**',
    '.next/**',
    'server/generated/**',
    'data/**',
    '.tmp/**',
    'test-results/**',
    'playwright-report/**',
    'e2e/.artifacts/**',
    'next-env.d.ts',
  ]),
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    name: 'mastery-studio/typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        // `typeof import('pkg')` stays allowed: it is how a dynamically imported module gets its type.
        { prefer: 'type-imports', fixStyle: 'separate-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
    },
  },
  {
    // Tool config files export a plain object by convention; the rule exists for React Fast Refresh.
    name: 'mastery-studio/config-files',
    files: ['*.config.{js,mjs,cjs,ts}'],
    rules: {
      'import/no-anonymous-default-export': 'off',
    },
  },
  {
    // Playwright fixtures receive a callback named `use`, which the hooks rule mistakes for React's `use()`.
    name: 'mastery-studio/playwright',
    files: ['e2e/**/*.ts', 'playwright.config.ts'],
    rules: {
      'react-hooks/rules-of-hooks': 'off',
    },
  },
]);
