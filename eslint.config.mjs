// Layering rules (architecture §1) are enforced here, not left to convention.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeOnlyModules = ['electron', 'better-sqlite3', 'serialport', 'keytar', 'undici', 'node-cron', 'electron-log', 'fs', 'path', 'os', 'child_process', 'crypto', 'http'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**', 'bin/**', 'scripts/**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` union instead of enum.' }],
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts', '*.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // Services log through the injected Logger; the CLI writes to process.stdout/stderr explicitly.
    files: ['src-main/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'core runs under plain Node: reach Electron through a port type.' }],
        patterns: [
          { group: ['electron/*', 'electron-log/main', 'electron-log/renderer'], message: 'core never imports Electron.' },
          { group: ['**/electron/**', '**/web/**', '**/cli/**', '**/src-renderer/**'], message: 'core imports no host or renderer code.' },
        ],
      }],
    },
  },
  {
    files: ['src-preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeOnlyModules.map((name) => ({ name, message: 'The contract is shared with the renderer: zod only.' })),
        patterns: [{ group: ['node:*'], message: 'The contract is shared with the renderer: zod only.' }],
      }],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-console': 'error',
      'no-restricted-imports': ['error', {
        paths: nodeOnlyModules.map((name) => ({ name, message: 'The renderer talks only to window.api.' })),
        patterns: [
          { group: ['node:*'], message: 'The renderer talks only to window.api.' },
          { group: ['**/src-main/**'], message: 'The renderer talks only to window.api.' },
          { group: ['**/src-preload/contract', '**/src-preload/contract/*'], allowTypeImports: true, message: 'The renderer imports only types from the contract.' },
        ],
      }],
    },
  },
);
