// Lint config; the import rules below are how DESIGN.md section 3's layout is enforced.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

// The .mjs scripts and bin run in plain Node; listed here to avoid a dependency on `globals`.
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'AbortController',
    'AbortSignal',
    'TextEncoder',
    'TextDecoder',
    'fetch',
    'Response',
    'Request',
    'Headers',
    'structuredClone',
    'queueMicrotask',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'performance',
    'crypto',
    'globalThis',
  ].map((name) => [name, 'readonly']),
);

const noElectron = {
  name: 'electron',
  message: 'Only electron/ may import electron; inject what you need from the composition root.',
};

const srcBoundaries = {
  paths: [noElectron],
  patterns: [
    { regex: '^electron/', message: noElectron.message },
    {
      regex: '^(\\.\\./)+renderer(/|$)',
      message:
        'src/ never imports the renderer; the renderer depends on src/contract, not the reverse.',
    },
  ],
};

/** A relative import that reaches one of `folders` of src/ (folder names are unique across src/). */
const reaching = (folders, message) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
  message,
});

/** DESIGN.md section 3, folder by folder: what each layer of src/ may not import (tests are exempt). */
const LAYERS = {
  domain: reaching(
    ['contract', 'workstation', 'local-supabase', 'web-host', 'cli', 'security'],
    'src/domain is pure logic: it imports nothing of ours but itself.',
  ),
  contract: reaching(
    ['workstation', 'local-supabase', 'web-host', 'cli', 'security'],
    'src/contract imports only src/domain: the renderer and the core both depend on it.',
  ),
  security: reaching(
    ['contract', 'domain', 'workstation', 'local-supabase', 'web-host', 'cli'],
    'src/security is pure checks shared by the shell and the web host: it imports only itself.',
  ),
  workstation: reaching(
    ['local-supabase', 'web-host', 'cli'],
    'The core never imports the embedded stack, a host or the CLI: it talks to any Supabase through supabase-js.',
  ),
  'local-supabase': reaching(
    ['workstation', 'web-host', 'cli', 'contract'],
    'The embedded stack is a Supabase stand-in: it never imports the workstation, its hosts or its contract.',
  ),
  'web-host': reaching(
    ['local-supabase', 'cli'],
    'The web host hosts the core over the contract; it never imports the embedded stack or the CLI.',
  ),
  release: reaching(
    ['local-supabase', 'web-host', 'cli', 'desktop'],
    'src/release publishes and checks updates over supabase-js: it never imports the embedded stack, a host or the CLI.',
  ),
  desktop: reaching(
    ['local-supabase', 'web-host', 'cli'],
    'src/desktop is the shell\'s logic behind adapters: it hosts the core, never the embedded stack, the web host or the CLI.',
  ),
};

const layerConfigs = Object.entries(LAYERS).map(([folder, pattern]) => ({
  files: [`src/${folder}/**`],
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      { ...srcBoundaries, patterns: [...srcBoundaries.patterns, pattern] },
    ],
  },
}));

const rendererBoundaries = {
  paths: [
    noElectron,
    ...builtinModules.map((name) => ({
      name,
      message:
        'The renderer runs in a sandboxed page: no Node built-ins. Ask the core through the bridge.',
    })),
    ...['better-sqlite3', 'pg', '@electric-sql/pglite', 'ws', 'pino'].map((name) => ({
      name,
      message: 'The renderer never touches storage or servers; ask the core through the bridge.',
    })),
  ],
  patterns: [
    {
      regex: '^node:',
      message:
        'The renderer runs in a sandboxed page: no Node built-ins. Ask the core through the bridge.',
    },
    {
      regex: '^@supabase/',
      message: 'The renderer never holds a token or talks to Supabase (DESIGN.md section 4).',
    },
    { regex: '^electron/', message: noElectron.message },
    {
      regex: '^(\\.\\./)+electron(/|$)',
      message: 'The renderer reaches the shell only through window.talentg.',
    },
    {
      regex: '^(\\.\\./)+src/(?!(contract|domain)(/|$))',
      message: 'The renderer may import only src/contract and src/domain.',
    },
  ],
};

export default defineConfig([
  globalIgnores(['out/', 'dist/', 'coverage/', '.tmp/', 'supabase/functions/', 'supabase/.temp/']),
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    files: TS_FILES,
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**'],
    rules: { 'no-restricted-imports': ['error', srcBoundaries] },
  },
  ...layerConfigs,
  {
    files: ['electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(local-supabase|cli)(/|$)',
              message:
                'The shell hosts the core; the embedded stack and the CLI are started outside it.',
            },
            {
              regex: '^(\\.\\./)+renderer(/|$)',
              message: 'The shell reaches the renderer only through the bridge.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    extends: [reactHooks.configs.flat.recommended],
    rules: { 'no-restricted-imports': ['error', rendererBoundaries] },
  },
]);
