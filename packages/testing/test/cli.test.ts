// The scripted-model CLI, called as a function: option errors, script validation, serving.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, runScriptedModelCli, USAGE, type CliOutcome } from '../src/cli.js';
import { formatIssue, parseScript } from '../src/index.js';
import { assemble, assistantCalls, chatBody, streamChat, toolResult, user } from './helpers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scripted-model-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
});

async function run(argv: string[]): Promise<{ outcome: CliOutcome; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const outcome = await runScriptedModelCli(argv, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
  return { outcome, stdout, stderr };
}

async function scriptFile(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('script validation', () => {
  it('reports every problem with its pointer and rule', () => {
    const result = parseScript({
      paceMs: -1,
      rules: [
        { name: 'fine', reply: { text: 'ok' } },
        { name: 'weather', match: { lastuser: 'weather', step: 1.5 }, reply: { fault: { type: 'explode' } } },
        { match: { lastUser: { regex: '(' } }, times: 0, reply: { toolCalls: [] } },
        { name: 'no reply' },
        { reply: { toolCalls: [{ arguments: 3 }] } },
      ],
    });
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.issues.map(formatIssue);
    expect(lines).toEqual([
      '/paceMs: must be an integer ≥ 0 (milliseconds)',
      '/rules/1/match/lastuser (rule 2 "weather"): unknown field "lastuser"; expected one of "lastUser", "hasToolResults", "step"',
      '/rules/1/match/step (rule 2 "weather"): must be an integer ≥ 0 (assistant turns since the last user message)',
      '/rules/1/reply/fault/type (rule 2 "weather"): must be one of "server-error", "bad-request", "rate-limit", "cut", "stall"',
      '/rules/2/times (rule 3): must be an integer ≥ 1',
      expect.stringMatching(/^\/rules\/2\/match\/lastUser\/regex \(rule 3\): is not a valid regular expression: /),
      '/rules/2/reply/toolCalls (rule 3): must be a non-empty array of { "name", "arguments" }',
      '/rules/3/reply (rule 4 "no reply"): is required: { "text" }, { "toolCalls" } or { "fault" }',
      '/rules/4/reply/toolCalls/0/name (rule 5): must be the tool name, a non-empty string',
      '/rules/4/reply/toolCalls/0/arguments (rule 5): must be an object (or a JSON string)',
    ]);
  });

  it('rejects a script that is not an object with rules', () => {
    expect(parseScript([])).toEqual({ ok: false, issues: [{ pointer: '', message: 'a script must be a JSON object with a "rules" array' }] });
    expect(parseScript({ rule: [] })).toMatchObject({ ok: false, issues: [{ pointer: '/rule' }, { pointer: '/rules' }] });
  });

  it('accepts every reply kind and turns the JSON into rules', () => {
    const result = parseScript({
      models: ['m1'],
      paceMs: 5,
      rules: [
        { name: 'tool', match: { lastUser: { regex: '^fact', flags: 'i' }, hasToolResults: false, step: 0 }, times: 2, reply: { toolCalls: [{ name: 'lookup_fact', arguments: { topic: 'water' } }] } },
        { reply: { fault: { type: 'rate-limit', retryAfterSeconds: 3 } } },
        { reply: { text: 'hello', paceMs: 0 } },
        { reply: { fault: { type: 'bad-request', message: 'context too long' } } },
      ],
    });
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.script.models).toEqual(['m1']);
    expect(result.script.paceMs).toBe(5);
    const [tool, fault, text, badRequest] = result.script.rules;
    expect(tool).toMatchObject({ name: 'tool', times: 2, match: { lastUser: /^fact/i, hasToolResults: false, step: 0 } });
    expect(fault).toEqual({ reply: { fault: { type: 'rate-limit', retryAfterSeconds: 3 } } });
    expect(text).toEqual({ reply: { text: 'hello', paceMs: 0 } });
    expect(badRequest).toEqual({ reply: { fault: { type: 'bad-request', message: 'context too long' } } });
  });
});

describe('runScriptedModelCli', () => {
  it('exits 1 and names the rule and field of a bad script', async () => {
    const file = await scriptFile('bad.json', { rules: [{ reply: { text: 'ok' } }, { name: 'weather', reply: { fault: { type: 'boom' } } }] });
    const { outcome, stdout, stderr } = await run(['--script', file]);
    expect(outcome).toEqual({ kind: 'exit', exitCode: ExitCode.InvalidScript });
    expect(stdout).toEqual([]);
    expect(stderr.join('\n')).toContain(`Script ${file} is invalid:`);
    expect(stderr.join('\n')).toContain('/rules/1/reply/fault/type (rule 2 "weather"): must be one of');
  });

  it('exits 1 for a file that is not JSON or does not exist', async () => {
    const broken = await scriptFile('broken.json', '{ "rules": [');
    expect((await run(['--script', broken])).stderr[0]).toMatch(/is not valid JSON/);
    const missing = await run(['--script', path.join(dir, 'missing.json')]);
    expect(missing.outcome).toEqual({ kind: 'exit', exitCode: ExitCode.InvalidScript });
    expect(missing.stderr[0]).toMatch(/Cannot read script .*missing\.json/);
  });

  it('exits 2 for bad options', async () => {
    const unknown = await run(['--bogus']);
    expect(unknown.outcome).toEqual({ kind: 'exit', exitCode: ExitCode.Usage });
    expect(unknown.stderr[0]).toContain("Unknown option '--bogus'");
    const port = await run(['--port', 'abc']);
    expect(port.stderr[0]).toBe('scripted-model: --port must be an integer from 0 to 65535; got "abc".');
    expect((await run(['--pace', '-3'])).outcome).toEqual({ kind: 'exit', exitCode: ExitCode.Usage });
  });

  it('prints help', async () => {
    const { outcome, stdout } = await run(['--help']);
    expect(outcome).toEqual({ kind: 'exit', exitCode: ExitCode.Ok });
    expect(stdout).toEqual([USAGE]);
  });

  it('serves a script, prints the listening line and logs requests', async () => {
    const file = await scriptFile('good.json', {
      models: ['demo-1'],
      rules: [
        { name: 'lookup', match: { lastUser: 'fact', hasToolResults: false }, reply: { toolCalls: [{ name: 'lookup_fact', arguments: { topic: 'moon' } }] } },
        { name: 'answer', match: { hasToolResults: true }, reply: { text: 'The tool said: {{toolResults}}' } },
      ],
    });
    const { outcome, stdout, stderr } = await run(['--script', file, '--model', 'cli-1', '--pace', '0']);
    if (outcome.kind !== 'listening') throw new Error(stderr.join('\n'));
    const model = outcome.model;
    try {
      expect(stdout).toEqual([`scripted model listening on ${model.url}`]);
      expect(stdout[0]).toMatch(/^scripted model listening on http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(model.modelIds).toEqual(['cli-1']);

      const call = assemble(await streamChat(model, chatBody([user('a fact')])));
      expect(call.toolCalls.map((toolCall) => toolCall.name)).toEqual(['lookup_fact']);
      const messages = [user('a fact'), assistantCalls({ id: 'c1', name: 'lookup_fact', arguments: '{}' }), toolResult('c1', 'FACT[moon]: far')];
      expect(assemble(await streamChat(model, chatBody(messages))).text).toBe('The tool said: FACT[moon]: far');
      expect(stderr).toEqual([
        '#1 lookup: step 0, 0 tool result(s), 0 tool(s) offered',
        '#2 answer: step 1, 1 tool result(s), 0 tool(s) offered',
      ]);
    } finally {
      await model.close();
    }
  });

  it('serves echo replies without a script and stays quiet with --quiet', async () => {
    const { outcome, stderr } = await run(['--quiet']);
    if (outcome.kind !== 'listening') throw new Error('not listening');
    try {
      expect(assemble(await streamChat(outcome.model, chatBody([user('ping')]))).text).toBe('Scripted reply to: ping');
      expect(stderr).toEqual([]);
    } finally {
      await outcome.model.close();
    }
  });
});
