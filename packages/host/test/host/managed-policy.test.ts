// An administrator's policy (the OS-managed layer) holds against everything a user can do:
// the user's own config file, every settings write over HTTP, and agents they save. Checked
// at the three places that decide: the host's answers, the OpenCode config the host
// generates, and what the real runtime then does when the model asks for a shell.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpencodeConfig } from '@open-cowork/runtime';
import type { ScriptRule } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ok, recordEvents, startTestHost, until, type EventRecording, type TestHost } from './support.js';
import type { SseFrame } from '../transport/helpers.js';

const RULES: ScriptRule[] = [
  { match: { lastUser: 'Where are you?', hasToolResults: false }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'pwd', description: 'Print the folder' } }] } },
  { match: { lastUser: 'Where are you?', hasToolResults: true }, reply: (conversation) => ({ text: `Tool said: ${conversation.toolResults.map((result) => result.content).join(' ')}` }) },
];

let t: TestHost;
let events: EventRecording;
const frames: SseFrame[] = [];

beforeAll(async () => {
  t = await startTestHost({
    rules: RULES,
    managedConfig: { permissions: { bash: 'deny', fileWrite: 'ask', webSearch: false, sandbox: 'bwrap' } },
    // The user's own file tries to raise the shell back, to run unsandboxed, and hands an agent the shell outright.
    userConfig: {
      permissions: { bash: 'allow', fileWrite: 'allow', sandbox: 'none' },
      agents: ['...', { name: 'shell-runner', description: 'Runs commands.', instructions: 'Run what you are asked.', allowTools: ['bash', 'edit'], mode: 'all' }],
    },
  });
  events = await recordEvents(t.server, frames);
}, 90_000);

afterAll(async () => {
  events?.close();
  await t?.dispose();
});

/** The OpenCode config the host wrote for the runtime it is running now. */
async function generatedConfig(): Promise<OpencodeConfig> {
  return JSON.parse(await readFile(path.join(t.dataDir, 'runtime', 'config', 'opencode.json'), 'utf8')) as OpencodeConfig;
}

describe('the OS-managed policy', () => {
  it('wins over the user file in the effective config and in the ceilings the host reports', async () => {
    const settings = await ok(t.server, 'settings.get', {});
    expect(settings.permissionCeilings).toMatchObject({ bash: 'off', fileWrite: 'ask', webSearch: false, sandbox: 'bwrap' });
    expect(settings.permissions.bash).toBe('off');
    expect(settings.sandbox).toBe('bwrap');
    expect((await ok(t.server, 'runtime.status', {})).sandbox?.backend).toBe('bwrap');
  });

  it.each([
    [{ permissions: { bash: 'allow' } }, 'bash', 'allow', 'off'],
    [{ permissions: { bash: 'ask' } }, 'bash', 'ask', 'off'],
    [{ permissions: { fileWrite: 'allow' } }, 'fileWrite', 'allow', 'ask'],
    [{ webSearch: true }, 'webSearch', 'on', 'off'],
    [{ sandbox: 'none' }, 'sandbox', 'none', 'bwrap'],
    [{ sandbox: 'auto' }, 'sandbox', 'auto', 'bwrap'],
  ] as const)('refuses settings.set %j over HTTP with 403 PERMISSION_CEILING, changing nothing', async (patch, capability, requested, ceiling) => {
    const before = await ok(t.server, 'settings.get', {});
    const refused = await call(t.server, 'settings.set', { patch: { ...patch, appearance: 'dark' } });
    expect(refused.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'PERMISSION_CEILING', data: { capability, requested, ceiling } });
    expect(await ok(t.server, 'settings.get', {})).toEqual(before);
  });

  it('accepts a choice within the ceiling', async () => {
    expect((await ok(t.server, 'settings.set', { patch: { permissions: { bash: 'off', fileWrite: 'ask' } } })).permissions).toMatchObject({ bash: 'off', fileWrite: 'ask' });
  });

  it('keeps the shell denied in the generated OpenCode config, for every agent, a saved one included', async () => {
    const statuses = () => frames.filter((frame) => frame.data.type === 'runtime.status').map((frame) => (frame.data.payload as { state: string }).state);
    const before = statuses().length;
    await ok(t.server, 'agents.save', { agent: { name: 'my-shell', description: 'Mine.', instructions: 'Use the shell.', allowTools: ['bash'], mode: 'all' } });
    await until(() => statuses().slice(before).includes('ready'), 'the runtime to reload with the saved agent', 60_000);

    const config = await generatedConfig();
    expect(config.permission).toMatchObject({ bash: 'deny', edit: 'ask', websearch: 'deny' });
    const permissionOf = (agent: string) => config.agent?.[agent]?.permission as Record<string, unknown> | undefined;
    for (const agent of ['shell-runner', 'my-shell', 'plan', 'explore']) expect(permissionOf(agent)?.['bash'], agent).toBe('deny');
    expect(permissionOf('shell-runner')?.['edit']).toBe('ask');
  });

  it('stops the real runtime from running a shell the model asks for', async () => {
    // The saves above may have queued one more reload: ask only once the runtime is ready.
    await until(async () => (await ok(t.server, 'runtime.status', {})).state === 'ready', 'the runtime to be ready', 60_000);
    const workspace = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.id });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Where are you?' });
    await until(
      () => frames.some((frame) => frame.data.type === 'session.status' && (frame.data.payload as { sessionId: string; status: { type: string } }).sessionId === session.id && (frame.data.payload as { status: { type: string } }).status.type === 'idle'),
      'the session to go idle',
      60_000,
    );
    const { messages } = await ok(t.server, 'sessions.messages', { sessionId: session.id });
    const text = JSON.stringify(messages);
    expect(text).toContain('Tool said:');
    expect(text).not.toContain(`Tool said: ${t.folders.a}`);
    expect(frames.some((frame) => frame.data.type === 'permission.asked')).toBe(false);
  });
});
