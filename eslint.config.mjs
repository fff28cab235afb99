// ESLint flat config. `npm run lint` runs `eslint --max-warnings 0 .`.
// Non type-aware on purpose (fast on small CI machines); `npm run typecheck` does the types.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import openCowork from './scripts/lint/layers-rule.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

const SOURCE_FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

// Node globals for plain-JS scripts (the `globals` package is not a dependency).
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder',
    'AbortController', 'AbortSignal', 'Blob', 'fetch', 'Request', 'Response', 'Headers', 'FormData',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
    'queueMicrotask', 'structuredClone', 'performance', 'global', 'EventTarget', 'Event',
    'MessageChannel', 'BroadcastChannel', 'WebAssembly', 'crypto',
  ].map((name) => [name, 'readonly']),
);
const commonJsGlobals = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename'].map((name) => [name, 'readonly']),
);

// packages/contracts is pure TypeScript: no Node or DOM globals either (imports are the layers rule's job).
const contractsForbiddenGlobals = [
  ...['process', 'Buffer', 'global', 'require', 'module', 'exports', '__dirname', '__filename', 'setImmediate'].map(
    (name) => ({ name, message: `packages/contracts is pure TypeScript: no Node globals (${name}). See ARCHITECTURE.md "Layers".` }),
  ),
  ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'HTMLElement'].map((name) => ({
    name,
    message: `packages/contracts is pure TypeScript: no DOM globals (${name}). See ARCHITECTURE.md "Layers".`,
  })),
];

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', 'coverage/**', '.bench/**', '**/*.tmp.*'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: SOURCE_FILES,
    plugins: { 'open-cowork': openCowork },
    rules: {
      'no-console': 'off',
      'open-cowork/layers': ['error', { root }],
      'open-cowork/folders': ['error', { root }],
      'open-cowork/no-cycles': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  {
    files: ['**/*.{js,jsx,mjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
  },
  {
    files: ['packages/contracts/**/*.{ts,tsx,mts,cts}'],
    rules: { 'no-restricted-globals': ['error', ...contractsForbiddenGlobals] },
  },
);
