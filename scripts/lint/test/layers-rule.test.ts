import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// scripts/lint/test/ → repo root (the directory holding eslint.config.mjs).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SEE = 'See ARCHITECTURE.md "Layers".';

const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.mjs') });

async function lintWith(engine: ESLint, base: string, rel: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await engine.lintText(code, { filePath: path.join(base, rel) });
  if (!result) throw new Error('ESLint returned no result');
  return result.messages;
}

/** All messages ESLint reports for `code` as if it lived at `rel` (relative to the repo root). */
const lint = (rel: string, code: string) => lintWith(eslint, root, rel, code);

/** The messages of the layers rule only. */
async function layerErrors(rel: string, code: string): Promise<string[]> {
  const messages = await lint(rel, code);
  return messages.filter((m) => m.ruleId === 'open-cowork/layers').map((m) => m.message);
}

/** An allowed example: no message of any rule (so it is also linted, not ignored, and parses). */
async function expectClean(rel: string, code: string): Promise<void> {
  expect(await lint(rel, code)).toEqual([]);
}

describe('open-cowork/layers: our packages', () => {
  it('the renderer may import only contracts (importing host fails)', async () => {
    expect(await layerErrors('packages/app/src/x.ts', `import { h } from '@open-cowork/host';\nexport const y = h;\n`)).toEqual([
      `"packages/app" (the renderer) may import only @open-cowork/contracts; it imports @open-cowork/host. ${SEE}`,
    ]);
    await expectClean('packages/app/src/x.ts', `import { c } from '@open-cowork/contracts';\nexport const y = c;\n`);
  });

  it('contracts imports nothing of ours', async () => {
    expect(await layerErrors('packages/contracts/src/x.ts', `import type { C } from '@open-cowork/config';\nexport type Y = C;\n`)).toEqual([
      `"packages/contracts" (pure TypeScript) may import no @open-cowork package; it imports @open-cowork/config. ${SEE}`,
    ]);
    await expectClean('packages/contracts/src/x.ts', `import { E } from './errors.js';\nexport const y = E;\n`);
  });

  it('config may import only contracts (importing runtime fails)', async () => {
    expect(await layerErrors('packages/config/src/x.ts', `import { r } from '@open-cowork/runtime';\nexport const y = r;\n`)).toEqual([
      `"packages/config" may import only @open-cowork/contracts; it imports @open-cowork/runtime. ${SEE}`,
    ]);
    await expectClean('packages/config/src/x.ts', `import { c } from '@open-cowork/contracts';\nexport const y = c;\n`);
  });

  it('sandbox sits between config and runtime: it may import contracts and config, never runtime', async () => {
    expect(await layerErrors('packages/sandbox/src/x.ts', `import { r } from '@open-cowork/runtime';\nexport const y = r;\n`)).toEqual([
      `"packages/sandbox" may import only @open-cowork/contracts, @open-cowork/config; it imports @open-cowork/runtime. ${SEE}`,
    ]);
    expect(await layerErrors('packages/config/src/x.ts', `import { s } from '@open-cowork/sandbox';\nexport const y = s;\n`)).toHaveLength(1);
    await expectClean('packages/sandbox/src/x.ts', `import { a } from '@open-cowork/contracts';\nimport { b } from '@open-cowork/config';\nexport const y = [a, b];\n`);
    await expectClean('packages/runtime/src/x.ts', `import { s } from '@open-cowork/sandbox';\nexport const y = s;\n`);
  });

  it('runtime, host and testing follow the table', async () => {
    expect(await layerErrors('packages/runtime/src/x.ts', `import { h } from '@open-cowork/host';\nexport const y = h;\n`)).toEqual([
      `"packages/runtime" may import only @open-cowork/contracts, @open-cowork/config, @open-cowork/sandbox; it imports @open-cowork/host. ${SEE}`,
    ]);
    expect(await layerErrors('packages/testing/src/x.ts', `import { h } from '@open-cowork/host';\nexport const y = h;\n`)).toHaveLength(1);
    await expectClean(
      'packages/host/src/x.ts',
      `import { a } from '@open-cowork/contracts';\nimport { b } from '@open-cowork/config';\nimport { c } from '@open-cowork/runtime';\nexport const y = [a, b, c];\n`,
    );
  });

  it('no package imports an app', async () => {
    expect(await layerErrors('packages/host/src/x.ts', `import { main } from '@open-cowork/cli';\nexport const y = main;\n`)).toEqual([
      `No package imports an app; "packages/host" imports @open-cowork/cli. ${SEE}`,
    ]);
    expect(await layerErrors('mcps/github/src/x.ts', `import { d } from '@open-cowork/desktop';\nexport const y = d;\n`)).toEqual([
      `No package imports an app; "mcps/github" imports @open-cowork/desktop. ${SEE}`,
    ]);
  });

  it('apps do not import each other', async () => {
    expect(await layerErrors('apps/gateway/src/x.ts', `import { main } from '@open-cowork/cli';\nexport const y = main;\n`)).toEqual([
      `Apps do not import each other; "apps/gateway" imports @open-cowork/cli. ${SEE}`,
    ]);
  });

  it('apps may import any package (apps/cli importing config is fine)', async () => {
    await expectClean('apps/cli/src/x.ts', `import { loadConfig } from '@open-cowork/config';\nexport const y = loadConfig;\n`);
    await expectClean('apps/desktop/src/x.ts', `import { h } from '@open-cowork/host';\nimport { a } from '@open-cowork/app';\nexport const y = [h, a];\n`);
  });

  it('mcps may import only contracts and the MCP kit', async () => {
    expect(await layerErrors('mcps/github/src/x.ts', `import { c } from '@open-cowork/config';\nexport const y = c;\n`)).toEqual([
      `"mcps/github" may import only @open-cowork/contracts, @open-cowork/mcp-kit; it imports @open-cowork/config. ${SEE}`,
    ]);
    await expectClean('mcps/github/src/x.ts', `import { c } from '@open-cowork/contracts';\nexport const y = c;\n`);
    await expectClean('mcps/github/src/x.ts', `import { runStdioServer } from '@open-cowork/mcp-kit';\nexport const y = runStdioServer;\n`);
  });

  it('the MCP kit imports nothing of ours, and only its exported subpaths are reachable', async () => {
    expect(await layerErrors('mcps/kit/src/x.ts', `import { c } from '@open-cowork/contracts';\nexport const y = c;\n`)).toEqual([
      `"mcps/kit" (the MCP servers' shared kit) may import no @open-cowork package; it imports @open-cowork/contracts. ${SEE}`,
    ]);
    await expectClean('mcps/clock/test/x.test.ts', `import { startServer } from '@open-cowork/mcp-kit/testing';\nexport const y = startServer;\n`);
    expect(await layerErrors('mcps/clock/src/x.ts', `import { z } from '@open-cowork/mcp-kit/src/server.js';\nexport const y = z;\n`)).toEqual([
      `Deep import "@open-cowork/mcp-kit/src/server.js" reaches into the internals of @open-cowork/mcp-kit; ` +
        `import @open-cowork/mcp-kit itself or a subpath listed in its package.json "exports". ${SEE}`,
    ]);
    expect(await layerErrors('mcps/kit/src/x.ts', `import { h } from '@open-cowork/host';\nexport const y = h;\n`)).toHaveLength(1);
  });

  it('a workspace may import its own package by name (tests do)', async () => {
    await expectClean('packages/config/test/x.test.ts', `import { loadConfig } from '@open-cowork/config';\nexport const y = loadConfig;\n`);
  });

  it('a workspace missing from the table may not import our packages until it is added', async () => {
    const errors = await layerErrors('packages/newthing/src/x.ts', `import { c } from '@open-cowork/contracts';\nexport const y = c;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"packages/newthing" is not in the layer table (scripts/lint/layers-rule.mjs)');
  });
});

describe('open-cowork/layers: npm packages and Node built-ins', () => {
  it('contracts imports no npm package', async () => {
    expect(await layerErrors('packages/contracts/src/x.ts', `import { z } from 'zod';\nexport const y = z;\n`)).toEqual([
      `"packages/contracts" (pure TypeScript) imports no npm package at all; it imports zod. ${SEE}`,
    ]);
  });

  it('contracts imports no Node built-ins', async () => {
    expect(await layerErrors('packages/contracts/src/x.ts', `import { join } from 'node:path';\nexport const y = join;\n`)).toEqual([
      `"packages/contracts" (pure TypeScript) imports no Node built-ins; it imports node:path. ${SEE}`,
    ]);
  });

  it('the renderer imports no Node built-ins (node:fs and bare path)', async () => {
    expect(await layerErrors('packages/app/src/x.ts', `import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n`)).toEqual([
      `"packages/app" (the renderer) imports no Node built-ins; it imports node:fs. ${SEE}`,
    ]);
    expect(await layerErrors('packages/app/src/x.tsx', `import path from 'path';\nexport const y = path;\n`)).toEqual([
      `"packages/app" (the renderer) imports no Node built-ins; it imports path. ${SEE}`,
    ]);
    expect(await layerErrors('packages/app/src/x.ts', `import { readFile } from 'fs/promises';\nexport const y = readFile;\n`)).toHaveLength(1);
  });

  it('the renderer may import react; other packages may import Node built-ins and npm packages', async () => {
    await expectClean('packages/app/src/x.tsx', `import { useState } from 'react';\nexport const y = useState;\n`);
    await expectClean('packages/config/src/x.ts', `import { readFileSync } from 'node:fs';\nimport { parse } from 'jsonc-parser';\nexport const y = [readFileSync, parse];\n`);
  });
});

describe('open-cowork/layers: electron', () => {
  const code = `import { app } from 'electron';\nexport const y = app;\n`;

  it('fails in packages/host', async () => {
    expect(await layerErrors('packages/host/src/x.ts', code)).toEqual([
      `Nothing outside apps/desktop imports electron; "packages/host" imports electron. Electron-only capabilities enter as ports wired by apps/desktop. ${SEE}`,
    ]);
  });

  it('fails in apps/cli, in the renderer and in root scripts (electron/* too)', async () => {
    expect(await layerErrors('apps/cli/src/x.ts', code)).toHaveLength(1);
    expect(await layerErrors('packages/app/src/x.ts', `import { ipcRenderer } from 'electron/renderer';\nexport const y = ipcRenderer;\n`)).toEqual([
      `Nothing outside apps/desktop imports electron; "packages/app" (the renderer) imports electron/renderer. Electron-only capabilities enter as ports wired by apps/desktop. ${SEE}`,
    ]);
    expect(await layerErrors('scripts/release.mjs', code)).toEqual([
      `Nothing outside apps/desktop imports electron; "scripts/release.mjs" imports electron. Electron-only capabilities enter as ports wired by apps/desktop. ${SEE}`,
    ]);
  });

  it('is fine in apps/desktop', async () => {
    await expectClean('apps/desktop/src/main.ts', code);
    await expectClean('apps/desktop/src/main.ts', `import { app } from 'electron/main';\nexport const y = app;\n`);
  });
});

describe('open-cowork/layers: relative and deep imports', () => {
  it('a relative import may not escape its workspace', async () => {
    expect(await layerErrors('packages/runtime/src/x.ts', `import { load } from '../../config/src/load.js';\nexport const y = load;\n`)).toEqual([
      `Relative import "../../config/src/load.js" escapes its workspace "packages/runtime" (it points at "packages/config/src/load.js"); ` +
        `import another workspace through its package name (@open-cowork/…) and its public entry. ${SEE}`,
    ]);
    await expectClean('packages/runtime/test/x.test.ts', `import { run } from '../src/run.js';\nexport const y = run;\n`);
  });

  it('root scripts may use relative paths into workspaces', async () => {
    await expectClean('scripts/bench/main.ts', `import { load } from '../../packages/config/src/load.js';\nexport const y = load;\n`);
  });

  it('a deep import into another workspace fails', async () => {
    expect(await layerErrors('apps/cli/src/x.ts', `import { load } from '@open-cowork/config/src/load.js';\nexport const y = load;\n`)).toEqual([
      `Deep import "@open-cowork/config/src/load.js" reaches into the internals of @open-cowork/config; ` +
        `import @open-cowork/config itself or a subpath listed in its package.json "exports". ${SEE}`,
    ]);
  });

  it('an allowed layer reached by a deep import still fails, and a forbidden one reports both', async () => {
    expect(await layerErrors('packages/runtime/src/x.ts', `import { c } from '@open-cowork/config/src/load.js';\nexport const y = c;\n`)).toHaveLength(1);
    expect(await layerErrors('packages/app/src/x.ts', `import { c } from '@open-cowork/host/src/x.js';\nexport const y = c;\n`)).toHaveLength(2);
  });
});

describe('open-cowork/layers: import forms', () => {
  const host = `may import only @open-cowork/contracts; it imports @open-cowork/host. ${SEE}`;

  it('dynamic import() with a string literal or plain template', async () => {
    expect(await layerErrors('packages/app/src/x.ts', `export const y = await import('@open-cowork/host');\n`)).toEqual([
      `"packages/app" (the renderer) ${host}`,
    ]);
    expect(await layerErrors('packages/app/src/x.ts', 'export const y = await import(`node:fs`);\n')).toHaveLength(1);
  });

  it('require()', async () => {
    expect(await layerErrors('packages/host/src/x.cjs', `const { app } = require('electron');\nmodule.exports = app;\n`)).toHaveLength(1);
    expect(await layerErrors('packages/app/src/x.js', `export const fs = require('fs');\n`)).toEqual([
      `"packages/app" (the renderer) imports no Node built-ins; it imports fs. ${SEE}`,
    ]);
  });

  it('export … from, export * from, import = require() and import() types', async () => {
    expect(await layerErrors('packages/app/src/a.ts', `export { h } from '@open-cowork/host';\n`)).toEqual([`"packages/app" (the renderer) ${host}`]);
    expect(await layerErrors('packages/app/src/b.ts', `export * from '@open-cowork/host';\n`)).toEqual([`"packages/app" (the renderer) ${host}`]);
    expect(await layerErrors('packages/app/src/c.ts', `import h = require('@open-cowork/host');\nexport const y = h;\n`)).toEqual([
      `"packages/app" (the renderer) ${host}`,
    ]);
    expect(await layerErrors('packages/app/src/d.ts', `export type H = import('@open-cowork/host').Host;\n`)).toEqual([
      `"packages/app" (the renderer) ${host}`,
    ]);
  });

  it('JavaScript and .mjs files are checked too', async () => {
    expect(await layerErrors('packages/config/scripts/x.mjs', `import { r } from '@open-cowork/runtime';\nexport const y = r;\n`)).toHaveLength(1);
  });

  it('non-literal dynamic imports are left alone', async () => {
    await expectClean('packages/app/src/x.ts', `export const load = (name: string) => import(name);\n`);
  });
});

describe('packages/contracts globals', () => {
  it('uses no Node or DOM globals', async () => {
    const messages = await lint('packages/contracts/src/x.ts', `export const a = process.env;\nexport const b = window.location;\n`);
    expect(messages.map((m) => m.ruleId)).toEqual(['no-restricted-globals', 'no-restricted-globals']);
    expect(messages[0]?.message).toContain('no Node globals (process)');
    expect(messages[1]?.message).toContain('no DOM globals (window)');
  });
});

describe('open-cowork/layers: subpath exports', () => {
  // A throwaway repo whose config package exports "./schema" and "./locales/*".
  let tmp = '';
  let engine: ESLint;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'layers-rule-'));
    mkdirSync(path.join(tmp, 'packages/config'), { recursive: true });
    writeFileSync(
      path.join(tmp, 'packages/config/package.json'),
      JSON.stringify({ name: '@open-cowork/config', exports: { '.': './src/index.ts', './schema': './src/schema.ts', './locales/*': './src/locales/*.ts' } }),
    );
    const pluginUrl = pathToFileURL(path.join(root, 'scripts/lint/layers-rule.mjs')).href;
    const plugin = ((await import(pluginUrl)) as { default: ESLint.Plugin }).default;
    engine = new ESLint({
      cwd: tmp,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser as Linter.Parser },
          plugins: { 'open-cowork': plugin },
          rules: { 'open-cowork/layers': ['error', { root: tmp }] },
        },
      ],
    });
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('allows subpaths listed in "exports" (exact and pattern) and nothing else', async () => {
    const at = (code: string) => lintWith(engine, tmp, 'apps/cli/src/x.ts', code);
    expect(await at(`import '@open-cowork/config/schema';\n`)).toEqual([]);
    expect(await at(`import '@open-cowork/config/locales/en';\n`)).toEqual([]);
    const deep = await at(`import '@open-cowork/config/src/schema.ts';\n`);
    expect(deep.map((m) => m.message)).toEqual([
      `Deep import "@open-cowork/config/src/schema.ts" reaches into the internals of @open-cowork/config; ` +
        `import @open-cowork/config itself or a subpath listed in its package.json "exports". ${SEE}`,
    ]);
  });
});

describe('test folders', () => {
  it('may use the test runner and Node built-ins even in pure layers, but not forbidden packages', async () => {
    await expectClean('packages/contracts/test/x.test.ts', "import { it } from 'vitest';\nimport { join } from 'node:path';\nexport { it, join };\n");
    await expectClean('packages/app/test/x.test.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n");
    expect(await layerErrors('packages/contracts/test/x.test.ts', "import { loadConfig } from '@open-cowork/config';\nexport { loadConfig };\n")).toEqual([
      `"packages/contracts" (pure TypeScript) may import no @open-cowork package; it imports @open-cowork/config. ${SEE}`,
    ]);
  });

  it('build-time scripts of a pure package may use Node and npm like tests', async () => {
    await expectClean('packages/contracts/scripts/generate.mjs', "import { writeFileSync } from 'node:fs';\nimport { compile } from 'json-schema-to-typescript';\nexport { writeFileSync, compile };\n");
  });

  it('may use the scripted model from @open-cowork/testing, which production code may not', async () => {
    await expectClean('packages/runtime/test/x.test.ts', "import { startScriptedModel } from '@open-cowork/testing';\nexport { startScriptedModel };\n");
    await expectClean('apps/cli/src/x.ts', "import { startScriptedModel } from '@open-cowork/testing';\nexport { startScriptedModel };\n");
    expect(await layerErrors('packages/runtime/src/x.ts', "import { startScriptedModel } from '@open-cowork/testing';\nexport { startScriptedModel };\n")).toEqual([
      `"packages/runtime" may import only @open-cowork/contracts, @open-cowork/config, @open-cowork/sandbox; it imports @open-cowork/testing. ${SEE}`,
    ]);
  });
});

describe('Electron-runtime packages', () => {
  it('electron-updater and @electron/* are desktop-only like electron', async () => {
    expect((await layerErrors('packages/host/src/x.ts', "import { autoUpdater } from 'electron-updater';\nexport { autoUpdater };\n"))[0]).toContain(
      'Nothing outside apps/desktop imports electron; "packages/host" imports electron-updater.',
    );
    expect(await layerErrors('apps/cli/src/x.ts', "import { notarize } from '@electron/notarize';\nexport { notarize };\n")).toHaveLength(1);
    await expectClean('apps/desktop/src/x.ts', "import { autoUpdater } from 'electron-updater';\nexport { autoUpdater };\n");
  });
});
