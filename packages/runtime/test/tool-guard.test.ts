// The tool-guard plugin, loaded from the exact source the runtime writes and driven through the
// two hooks OpenCode calls. (sandboxed-attacks.test.ts proves it inside the real runtime.)
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_GUARD_REFUSAL, toolGuardPluginSource } from '../src/index.js';

type Hook = (input: { tool: string }, output: Record<string, unknown>) => Promise<void>;
let hooks: { 'tool.execute.before': Hook; 'tool.execute.after': Hook };
let base: string;
let root: string;
let workspace: string;

beforeAll(async () => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'oc-guard-')));
  root = path.join(base, 'runtime');
  workspace = path.join(base, 'workspace');
  for (const dir of [path.join(root, 'config'), path.join(root, 'xdg/data/opencode/tool-output'), path.join(root, 'tmp'), workspace]) mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(root, 'config', 'redactions.json'), JSON.stringify({ values: ['pw-0123456789', 'sk-provider-abcdef', 'short'] }));
  symlinkSync('/proc/self/environ', path.join(workspace, 'env-link'));
  symlinkSync(path.join(root, 'config'), path.join(workspace, 'config-link'));
  const file = path.join(base, 'guard.mjs');
  writeFileSync(file, toolGuardPluginSource({ privateRoots: [root], allowed: [path.join(root, 'tmp'), path.join(root, 'xdg/data/opencode/tool-output')], redactionsFile: path.join(root, 'config', 'redactions.json') }));
  const plugin = (await import(pathToFileURL(file).href)) as { OpenCoworkToolGuard: (context: { directory: string }) => Promise<typeof hooks> };
  hooks = await plugin.OpenCoworkToolGuard({ directory: workspace });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const before = (tool: string, args: Record<string, unknown>) => hooks['tool.execute.before']({ tool }, { args });

describe('tool guard: before a call', () => {
  it('refuses /proc and the runtime\'s folder, however the path is spelled', async () => {
    for (const [tool, args] of [
      ['read', { filePath: '/proc/self/environ' }],
      ['read', { filePath: path.join(root, 'config', 'opencode.json') }],
      ['read', { filePath: `${workspace}/../runtime/config/opencode.json` }],
      ['read', { filePath: 'env-link' }],
      ['read', { filePath: 'config-link/opencode.json' }],
      ['grep', { pattern: 'PASSWORD', path: '/proc/1' }],
      ['glob', { pattern: `${root}/config/*` }],
      ['write', { filePath: path.join(root, 'xdg', 'config', 'opencode', 'plugins', 'new.js'), content: 'x' }],
      ['apply_patch', { patchText: `*** Begin Patch\n*** Add File: ${root}/config/x.json\n+{}\n*** End Patch` }],
      ['webfetch', { url: 'file:///proc/self/environ' }],
    ] as const) {
      await expect(before(tool, args), `${tool} ${JSON.stringify(args)}`).rejects.toThrow(TOOL_GUARD_REFUSAL);
    }
  });

  it('names what it refused and where it really points', async () => {
    await expect(before('read', { filePath: 'env-link' })).rejects.toThrow(/^Open Cowork refused this tool call: env-link is private to the runtime \(it resolves to \/proc\/\d+\/environ\)\.$/);
  });

  it('lets through the workspace, the runtime\'s temp and tool-output folders, other system paths, and shells', async () => {
    for (const [tool, args] of [
      ['read', { filePath: path.join(workspace, 'notes.md') }],
      ['read', { filePath: 'notes.md' }],
      ['write', { filePath: path.join(workspace, 'new', 'deep', 'file.txt'), content: 'x' }],
      ['read', { filePath: path.join(root, 'xdg/data/opencode/tool-output/tool_1') }],
      ['read', { filePath: path.join(root, 'tmp', 'scratch.txt') }],
      ['read', { filePath: '/etc/hostname' }],
      ['glob', { pattern: '**/*.ts', path: workspace }],
      ['grep', { pattern: '/proc/', path: workspace }],
      ['bash', { command: 'cat /proc/self/environ', workdir: '/proc' }],
      ['webfetch', { url: 'https://example.com/' }],
    ] as const) {
      await expect(before(tool, args), `${tool} ${JSON.stringify(args)}`).resolves.toBeUndefined();
    }
  });
});

describe('tool guard: after a call', () => {
  it('blanks every known secret (8 characters or more) out of the output and its metadata', async () => {
    const output = { output: 'key sk-provider-abcdef and pw-0123456789 twice pw-0123456789; short stays', metadata: { output: 'stream: pw-0123456789' } };
    await hooks['tool.execute.after']({ tool: 'bash' }, output);
    expect(output).toEqual({ output: 'key [redacted] and [redacted] twice [redacted]; short stays', metadata: { output: 'stream: [redacted]' } });
  });
});
