import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-output/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // Message bundles add their keys to the Messages interface by declaration merging.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // core/ is pure: no I/O, no clock, no HTTP (what it may import of ours is the layers rule's).
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fastify*', 'pg', '@electric-sql/*', 'drizzle-orm*'] }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core/ takes the time it is given' }, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core/ takes the time it is given' }],
    },
  },
  {
    // Who may import whom: the table in docs/architecture.md (ADR 0014).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { onewindow: layers },
    rules: { 'onewindow/layers': 'error' },
  },
);
