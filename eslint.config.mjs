import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noWorld = {
  paths: [
    { name: 'vscode', message: 'The language core is pure: no vscode here.' },
    { name: 'fs', message: 'The language core gets the world through interfaces.' },
    { name: 'node:fs', message: 'The language core gets the world through interfaces.' },
    { name: 'vscode-languageserver', message: 'Only LSP glue (server.ts) may use the LSP runtime.' },
    { name: 'vscode-languageserver/node', message: 'Only LSP glue (server.ts) may use the LSP runtime.' },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/e2e/.tools/**', 'test/e2e/.runs/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['server/src/rst/**/*.ts', 'server/src/dot/**/*.ts', 'server/src/blockdiag/**/*.ts', 'server/src/features/**/*.ts', 'server/src/project/**/*.ts', 'server/src/languageService.ts'],
    rules: { 'no-restricted-imports': ['error', noWorld] },
  },
  {
    files: ['client/webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vscode', 'node:*', 'fs', 'path'] }] },
  },
);
