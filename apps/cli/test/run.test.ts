import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, scriptedUserConfig, type Sandbox } from './helpers.js';

/** The runtime needs PATH for its tools; its plugin install must not leave the machine. */
const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', OPEN_COWORK_NPM_REGISTRY: 'http://127.0.0.1:9/' };

let model: ScriptedModel;
let sandbox: Sandbox;

beforeAll(async () => {
  model = await startScriptedModel({
    rules: [
      { name: 'tool result', match: { hasToolResults: true }, reply: (c) => ({ text: `The command printed: ${c.toolResults.map((r) => r.content).join(' ').trim()}` }) },
      { name: 'bash', match: { lastUser: 'run a command' }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'echo FROM_BASH_91', description: 'Print a marker' } }] } },
      { name: 'broken', match: { lastUser: 'break' }, reply: { fault: { type: 'bad-request', message: 'context too long for this model' } } },
      { name: 'hello', match: { lastUser: 'hello' }, reply: { text: 'Hello from the scripted model!', paceMs: 5 } },
    ],
  });
  sandbox = createSandbox('open-cowork-run-');
  // The provider exists only in the user's own config file.
  sandbox.write('user-data/config.json', scriptedUserConfig(model.url, 'Scripted 1'));
  sandbox.write('workspace/README.md', '# A workspace\n');
});

afterAll(async () => {
  await model.close();
  sandbox.cleanup();
});

describe('open-cowork run (real runtime, scripted model from a user config file)', { timeout: 180_000 }, () => {
  it('streams the answer to stdout and exits 0', async () => {
    const result = await sandbox.runAsync(['run', '--workspace', 'workspace', 'hello'], ENV);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout).toBe('Hello from the scripted model!\n');
    expect(result.code).toBe(0);
    const chat = model.requests.filter((r) => !r.isTitleRequest);
    expect(chat.at(-1)?.lastUserText).toBe('hello');
  });

  it('--json prints NDJSON events ending in run.completed', async () => {
    const result = await sandbox.runAsync(['run', '--json', '--workspace', 'workspace', 'hello'], ENV);
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; delta?: string });
    expect(events[0]).toMatchObject({ type: 'runtime.status', state: 'starting' });
    expect(events.map((e) => e.type)).toContain('text.delta');
    expect(events.filter((e) => e.type === 'text.delta').map((e) => e.delta).join('')).toBe('Hello from the scripted model!');
    expect(events.at(-1)).toMatchObject({ type: 'run.completed' });
  });

  it('--approve allow lets a requested tool run; its output reaches the answer', async () => {
    const result = await sandbox.runAsync(['run', '--approve', 'allow', '--workspace', 'workspace', 'run a command'], ENV);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/allowed bash echo FROM_BASH_91/);
    expect(result.stdout).toContain('The command printed: FROM_BASH_91');
  });

  it('--approve deny refuses the tool and the session still answers', async () => {
    const result = await sandbox.runAsync(['run', '--approve', 'deny', '--workspace', 'workspace', 'run a command'], ENV);
    expect(result.stderr).toMatch(/denied bash echo FROM_BASH_91/);
    expect(result.stdout).not.toContain('FROM_BASH_91');
    expect(result.code).toBe(0);
  });

  it('asks on the terminal when --approve ask', async () => {
    const questions: string[] = [];
    const ask = (question: string) => {
      questions.push(question);
      return Promise.resolve('y');
    };
    const result = await sandbox.runAsync(['run', '--workspace', 'workspace', 'run a command'], ENV, { ask });
    expect(questions).toEqual(['Allow bash echo FROM_BASH_91? [y]es once, [a]lways, [n]o: ']);
    expect(result.stdout).toContain('The command printed: FROM_BASH_91');
    expect(result.code).toBe(0);
  });

  it('says an untrusted workspace\'s OpenCode configuration stays unloaded; --trust records the folder as trusted', async () => {
    // (That a trusted plugin loads and an untrusted one does not is proven against the runtime
    // itself: OpenCode imports plugins in the background, often after so short a run has ended.)
    sandbox.write('plugged/.opencode/plugins/mark.js', 'export const Mark = async () => ({});\n');
    const folder = realpathSync(join(sandbox.root, 'plugged'));
    const untrusted = await sandbox.runAsync(['run', '--workspace', 'plugged', 'hello'], ENV);
    expect(untrusted.code).toBe(0);
    expect(untrusted.stderr).toContain(`OpenCode configuration in ${folder} is not trusted and will not be loaded (--trust trusts the workspace folder)`);
    expect(existsSync(join(sandbox.userDataDir, 'workspace-trust.json'))).toBe(false);

    const trusted = await sandbox.runAsync(['run', '--trust', '--workspace', 'plugged', 'hello'], ENV);
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toBe('Hello from the scripted model!\n');
    expect(trusted.stderr).not.toContain('not trusted');
    const answers = JSON.parse(readFileSync(join(sandbox.userDataDir, 'workspace-trust.json'), 'utf8')) as { folders: { path: string; trusted: boolean }[] };
    expect(answers.folders).toContainEqual(expect.objectContaining({ path: folder, trusted: true }));
  });

  it('a provider error fails the run with its message and exit 1', async () => {
    const result = await sandbox.runAsync(['run', '--workspace', 'workspace', 'break'], ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('context too long for this model');
  });

  it('refuses a model from a provider the config does not offer, before starting anything', async () => {
    const result = await sandbox.runAsync(['run', '--model', 'openai/gpt-5', 'hello'], ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--model openai/gpt-5: provider "openai" is not available in this configuration (available: scripted)');
  });

  it('explains usage mistakes', async () => {
    for (const [argv, message] of [
      [['run'], 'Missing the prompt'],
      [['run', '--approve', 'maybe', 'x'], '--approve must be ask, allow or deny; got "maybe".'],
      [['run', '--workspace', 'nope', 'x'], 'is not a folder.'],
      [['run', '--model', 'gpt', 'x'], '--model must look like provider/model; got "gpt".'],
    ] as const) {
      const result = await sandbox.runAsync(argv, ENV);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('Run "open-cowork run --help" for usage.');
    }
  });
});
