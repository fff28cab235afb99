import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.mjs') });

async function ruleMessages(rule: string, rel: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, rel) });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('open-cowork/folders: host feature folders import downward only', () => {
  it('refuses a lower folder importing a feature above it', async () => {
    const messages = await ruleMessages('open-cowork/folders', 'packages/host/src/settings/x.ts', `import { s } from '../sessions/service.js';\nexport const y = s;\n`);
    expect(messages).toEqual([expect.stringMatching(/^"settings" in packages\/host\/src may import only .*; it imports "sessions" \(\.\.\/sessions\/service\.js\)/)]);
    const dispatch = await ruleMessages('open-cowork/folders', 'packages/host/src/dispatch/x.ts', `import { h } from '../host.js';\nexport const y = h;\n`);
    expect(dispatch).toEqual([expect.stringContaining('it imports "host.ts"')]);
  });

  it('allows a feature to import what is below it, and its own files', async () => {
    expect(await ruleMessages('open-cowork/folders', 'packages/host/src/sessions/x.ts', `import { w } from '../workspaces/store.js';\nimport { z } from './service.js';\nexport const y = [w, z];\n`)).toEqual([]);
    expect(await ruleMessages('open-cowork/folders', 'packages/host/src/host.ts', `import { s } from './sessions/service.js';\nexport const y = s;\n`)).toEqual([]);
  });

  it('makes a new folder name its place in the table first', async () => {
    const messages = await ruleMessages('open-cowork/folders', 'packages/host/src/gadgets/x.ts', `import { l } from '../log/index.js';\nexport const y = l;\n`);
    expect(messages).toEqual([expect.stringContaining('"gadgets" in packages/host/src is not in the folder table')]);
  });
});

describe('open-cowork/no-cycles', () => {
  let tmp = '';
  let engine: ESLint;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'cycles-rule-'));
    mkdirSync(path.join(tmp, 'src'), { recursive: true });
    writeFileSync(path.join(tmp, 'src/a.ts'), `import { b } from './b.js';\nexport const a = () => b;\n`);
    writeFileSync(path.join(tmp, 'src/b.ts'), `import type { C } from './c.js';\nexport const b: C = 1;\n`);
    writeFileSync(path.join(tmp, 'src/c.ts'), `import { a } from './a.js';\nexport type C = ReturnType<typeof a> extends never ? never : number;\n`);
    writeFileSync(path.join(tmp, 'src/leaf.ts'), `export const leaf = 1;\n`);
    const plugin = (await import(pathToFileURL(path.join(root, 'scripts/lint/layers-rule.mjs')).href)) as { default: ESLint.Plugin };
    engine = new ESLint({
      cwd: tmp,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as never }, plugins: { 'open-cowork': plugin.default }, rules: { 'open-cowork/no-cycles': 'error' } },
      ],
    });
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reports a cycle through a type-only import, naming every file on it', async () => {
    const [result] = await engine.lintFiles([path.join(tmp, 'src/a.ts')]);
    expect(result?.messages.map((m) => m.message)).toEqual(['Import cycle: src/a.ts → src/b.ts → src/c.ts → src/a.ts. Move what both sides need below them, or pass it in.']);
  });

  it('stays quiet for imports that lead nowhere back', async () => {
    const [result] = await engine.lintText(`import { leaf } from './leaf.js';\nexport const d = leaf;\n`, { filePath: path.join(tmp, 'src/d.ts') });
    expect(result?.messages).toEqual([]);
  });
});
