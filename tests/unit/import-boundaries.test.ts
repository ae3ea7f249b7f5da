import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

/** Messages of the import-boundary rule for `code` linted as if it lived at `filePath`. */
async function boundaryViolations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (result === undefined) throw new Error(`ESLint returned no result for ${filePath}`);
  const fatal = result.messages.filter((message) => message.fatal === true);
  if (fatal.length > 0) throw new Error(`ESLint could not parse ${filePath}: ${fatal[0]?.message}`);
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('import boundaries (DESIGN.md section 3)', () => {
  it.each([
    ["import { app } from 'electron';", 'electron'],
    ["import { ipcRenderer } from 'electron/renderer';", 'electron subpath'],
    ["import { App } from '../../renderer/src/App';", 'the renderer'],
    ["export { App } from '../renderer/src/App';", 'the renderer (re-export)'],
  ])('src/ may not import %s (%s)', async (code) => {
    expect(await boundaryViolations('src/workstation/x.ts', `${code}\nexport {};\n`)).toHaveLength(
      1,
    );
  });

  it('src/ may import node, npm packages and other src folders', async () => {
    const code = [
      "import { readFile } from 'node:fs/promises';",
      "import Database from 'better-sqlite3';",
      "import { z } from 'zod';",
      "import { ok } from '../contract/api-response';",
      "import { serveRenderer } from './renderer';",
      'export { readFile, Database, z, ok, serveRenderer };',
    ].join('\n');
    expect(await boundaryViolations('src/workstation/x.ts', code)).toEqual([]);
  });

  it.each([
    "import { openCache } from '../../src/workstation/cache';",
    "import { startStack } from '../../../src/local-supabase/stack';",
    "import { run } from '../../src/cli/main';",
    "import { serve } from '../../src/web-host/server';",
    "import { isTrustedSender } from '../../src/security/trusted-sender';",
    "import { contextBridge } from 'electron';",
    "import '../../electron/preload/index';",
    "import { readFileSync } from 'fs';",
    "import { readFile } from 'node:fs/promises';",
    "import Database from 'better-sqlite3';",
    "import pg from 'pg';",
    "import { createClient } from '@supabase/supabase-js';",
  ])('renderer/ may not import: %s', async (code) => {
    expect(await boundaryViolations('renderer/src/x.tsx', code)).toHaveLength(1);
  });

  it('renderer/ may import src/contract, src/domain, its own files and browser packages', async () => {
    const code = [
      "import { INVOKE_CHANNEL } from '../../../src/contract/bridge';",
      "import { nextInQueue } from '../../../src/domain/queue';",
      "import { App } from './App';",
      "import { create } from 'zustand';",
      "import { useState } from 'react';",
      'export { INVOKE_CHANNEL, nextInQueue, App, create, useState };',
    ].join('\n');
    expect(await boundaryViolations('renderer/src/features/x.tsx', code)).toEqual([]);
  });

  it('electron/ may import anything', async () => {
    const code = [
      "import { app } from 'electron';",
      "import { join } from 'node:path';",
      "import { openCache } from '../../src/workstation/cache';",
      'export { app, join, openCache };',
    ].join('\n');
    expect(await boundaryViolations('electron/main/x.ts', code)).toEqual([]);
  });

  it('leaves build output and Deno edge functions to their own tools', async () => {
    expect(await eslint.isPathIgnored('out/main/index.js')).toBe(true);
    expect(await eslint.isPathIgnored('supabase/functions/invite/index.ts')).toBe(true);
    expect(await eslint.isPathIgnored('src/workstation/x.ts')).toBe(false);
  });
});

// What each layer of src/ and the shell may not import: a planted violation per rule, and what stays allowed.
const LAYER_CASES: readonly {
  readonly layer: string;
  readonly file: string;
  readonly forbidden: readonly string[];
  readonly allowed: readonly string[];
}[] = [
  {
    layer: 'src/domain imports nothing of ours but itself',
    file: 'src/domain/planted.ts',
    forbidden: ['../contract/errors', '../workstation/workstation', '../security/origin'],
    allowed: ['./failure', 'zod'],
  },
  {
    layer: 'src/contract imports only src/domain',
    file: 'src/contract/operations/planted.ts',
    forbidden: [
      '../../workstation/host-core',
      '../../web-host/web-host',
      '../../local-supabase/stack',
    ],
    allowed: ['../../domain/failure', '../records'],
  },
  {
    layer: 'src/security imports only itself',
    file: 'src/security/planted.ts',
    forbidden: ['../contract/errors', '../domain/failure'],
    allowed: ['./origin', 'node:path'],
  },
  {
    layer: 'src/workstation never imports the embedded stack, a host or the CLI',
    file: 'src/workstation/services/planted.ts',
    forbidden: ['../../local-supabase/stack.js', '../../web-host/web-host.js', '../../cli/main.js'],
    allowed: ['../../contract/events.js', '../cache/index.js', '@supabase/supabase-js'],
  },
  {
    layer: 'src/local-supabase never imports the workstation, its hosts or its contract',
    file: 'src/local-supabase/rest/planted.ts',
    forbidden: [
      '../../workstation/workstation.js',
      '../../contract/errors.js',
      '../../cli/main.js',
    ],
    allowed: ['../db/index.js', './http/request.js'],
  },
  {
    layer: 'src/web-host never imports the embedded stack or the CLI',
    file: 'src/web-host/planted.ts',
    forbidden: ['../local-supabase/stack.js', '../cli/start-command.js'],
    allowed: [
      '../workstation/host-core.js',
      '../contract/api-response.js',
      '../security/origin.js',
    ],
  },
  {
    layer: 'src/desktop never imports the embedded stack, the web host or the CLI',
    file: 'src/desktop/planted.ts',
    forbidden: ['../local-supabase/stack', '../web-host/web-host', '../cli/main', 'electron'],
    allowed: ['../workstation/host-core', '../contract/events', '../security/navigation', 'pino'],
  },
  {
    layer: 'src/release never imports the embedded stack, a host or the CLI',
    file: 'src/release/planted.ts',
    forbidden: [
      '../local-supabase/stack.js',
      '../web-host/web-host.js',
      '../cli/main.js',
      '../desktop/tray-status.js',
    ],
    allowed: [
      '../workstation/services/online-call.js',
      '../contract/events.js',
      'electron-updater',
    ],
  },
  {
    layer: 'the shell never imports the embedded stack, the CLI or the renderer',
    file: 'electron/main/planted.ts',
    forbidden: ['../../src/local-supabase/stack', '../../src/cli/main', '../../renderer/src/App'],
    allowed: ['../../src/workstation/host-core', 'electron'],
  },
];

describe('layer rules, folder by folder (DESIGN.md section 3)', () => {
  for (const { layer, file, forbidden, allowed } of LAYER_CASES) {
    describe(layer, () => {
      it.each(forbidden)(`refuses import "%s" in ${file}`, async (source) => {
        expect(await boundaryViolations(file, `import '${source}';\n`)).toHaveLength(1);
      });
      it.each(allowed)(`allows import "%s" in ${file}`, async (source) => {
        expect(await boundaryViolations(file, `import '${source}';\n`)).toEqual([]);
      });
    });
  }

  it('leaves test files free to set up any layer', async () => {
    const code = "import '../local-supabase/stack.js';\n";
    expect(await boundaryViolations('src/workstation/planted.test.ts', code)).toEqual([]);
  });
});
