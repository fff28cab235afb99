// "Your own model": an OpenAI-compatible endpoint (a second scripted model) found, tested
// with a real prompt, saved to the user's config file and answering through the real
// OpenCode runtime, all without restarting the host or the runtime process; its key stays
// out of the file, the logs and every answer. Hand edits of the user file apply while the
// host runs, or say what is wrong and where; a provider whose base URL is empty or invalid
// needs setup and is never connected.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SseFrame } from '../transport/helpers.js';
import { call, ok, recordEvents, startTestHost, until, type EventRecording, type TestHost } from './support.js';

const KEY = 'sk-own-endpoint-5f3a9c1e7b';
let t: TestHost;
let own: ScriptedModel;
const frames: SseFrame[] = [];
let events: EventRecording;

beforeAll(async () => {
  own = await startScriptedModel({ models: ['own-large', 'own-small'], rules: [{ match: { lastUser: 'Hello own model' }, reply: { text: 'ANSWER-FROM-OWN-ENDPOINT' } }] });
  t = await startTestHost({ rules: [], configEnv: {} });
  events = await recordEvents(t.server, frames);
}, 90_000);

afterAll(async () => {
  events?.close();
  await t?.dispose();
  await own?.close();
});

function userFile(): string {
  return path.join(t.dataDir, 'config.json');
}

function configChanges(): { applied: boolean; problems: { file: string; pointer: string; message: string }[] }[] {
  return frames.filter((frame) => frame.data.type === 'config.changed').map((frame) => frame.data.payload as never);
}

describe('an OpenAI-compatible provider of your own', () => {
  it('lists its models, answers a test prompt, saves to the user file, and answers in chat without a restart', async () => {
    const fetched = await ok(t.server, 'providers.fetchModels', { baseURL: own.url, apiKey: KEY });
    expect(fetched.models).toEqual(['own-large', 'own-small']);

    const tested = await ok(t.server, 'providers.test', { baseURL: own.url, apiKey: KEY, model: 'own-large' });
    expect(tested.ok).toBe(true);
    expect(own.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${KEY}`);

    const before = await ok(t.server, 'runtime.status', {});
    const saved = await ok(t.server, 'providers.saveCustom', { id: 'own', name: 'Own endpoint', baseURL: own.url, apiKey: KEY, models: ['own-large', 'own-small'] });
    expect(saved).toMatchObject({ id: 'own', name: 'Own endpoint', connected: true });
    expect(saved.setup).toBeUndefined();
    const key = saved.credentials.find((field) => field.key === 'apiKey');
    expect(key).toMatchObject({ set: true, secret: true });
    expect(key?.value).not.toContain(KEY);
    expect(saved.models.map((model) => model.id)).toEqual(['own-large', 'own-small']);

    // The user file holds the provider, not its key.
    const written = await readFile(userFile(), 'utf8');
    expect(JSON.parse(written)).toMatchObject({ providers: { available: expect.arrayContaining(['scripted', 'own']) as unknown, custom: { own: { options: { baseURL: own.url } } } } });
    expect(written).not.toContain(KEY);

    await until(() => t.logs.some((record) => record.message.includes('Reloaded the config in place')), 'the runtime to take the new config');
    const after = await ok(t.server, 'runtime.status', {});
    expect(after).toMatchObject({ state: 'ready', pid: before.state === 'ready' ? before.pid : -1 });

    const workspace = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.id });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Hello own model', model: 'own/own-large' });
    await until(async () => {
      const { messages } = await ok(t.server, 'sessions.messages', { sessionId: session.id });
      return JSON.stringify(messages).includes('ANSWER-FROM-OWN-ENDPOINT');
    }, 'the answer from the own endpoint');
    const chat = own.requests.find((request) => request.lastUserText === 'Hello own model');
    expect(chat?.headers['authorization']).toBe(`Bearer ${KEY}`);

    const listed = await ok(t.server, 'providers.list', {});
    expect(JSON.stringify(listed)).not.toContain(KEY);
    expect(JSON.stringify(t.logs)).not.toContain(KEY);
  }, 180_000);

  it('refuses a base URL that is not http(s), an endpoint that is down, and an id the app already has', async () => {
    const bad = await call(t.server, 'providers.fetchModels', { baseURL: 'file:///etc/passwd' });
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toContain('baseURL');
    const down = await call(t.server, 'providers.fetchModels', { baseURL: 'http://127.0.0.1:9/v1', apiKey: KEY });
    expect(down.status).toBe(502);
    expect(down.error?.message).toContain('http://127.0.0.1:9');
    expect(JSON.stringify(down)).not.toContain(KEY);
    const failed = await ok(t.server, 'providers.test', { baseURL: 'http://127.0.0.1:9/v1', model: 'x' });
    expect(failed).toMatchObject({ ok: false, problem: expect.stringContaining('could not be reached') as unknown });
    const taken = await call(t.server, 'providers.saveCustom', { id: 'openrouter', name: 'Mine', baseURL: own.url, models: ['m'] });
    expect(taken.error?.code).toBe('CONFLICT');
  });

  it('applies a hand edit of the user file, and shows what is wrong with a broken one while the last good config stays', async () => {
    const good = JSON.parse(await readFile(userFile(), 'utf8')) as { providers: { custom: Record<string, { name: string }> } };
    good.providers.custom['own']!.name = 'Own, renamed by hand';
    const seen = configChanges().length;
    await writeFile(userFile(), JSON.stringify(good, null, 2));
    await until(async () => (await ok(t.server, 'providers.list', {})).providers.some((provider) => provider.name === 'Own, renamed by hand'), 'the hand edit to apply');
    expect(configChanges().slice(seen).some((change) => change.applied)).toBe(true);

    const pid = (await ok(t.server, 'runtime.status', {})) as { pid?: number };
    await writeFile(userFile(), JSON.stringify({ ...good, providers: { ...good.providers, available: 'not a list' } }));
    await until(() => configChanges().some((change) => !change.applied), 'the broken edit to be reported');
    const broken = configChanges().findLast((change) => !change.applied)!;
    expect(broken.problems[0]).toMatchObject({ file: userFile(), pointer: '/providers/available' });
    const listed = await ok(t.server, 'providers.list', {});
    expect(listed.configProblems?.[0]?.pointer).toBe('/providers/available');
    expect(listed.providers.some((provider) => provider.name === 'Own, renamed by hand')).toBe(true); // the last good config
    expect(await ok(t.server, 'runtime.status', {})).toMatchObject({ state: 'ready', pid: pid.pid });

    await writeFile(userFile(), '{ "providers": ');
    await until(() => configChanges().filter((change) => !change.applied).length >= 2, 'the unparsable edit to be reported');
    expect(configChanges().at(-1)?.problems[0]?.file).toBe(userFile());

    await writeFile(userFile(), JSON.stringify(good, null, 2));
    await until(async () => (await ok(t.server, 'providers.list', {})).configProblems === undefined, 'the repaired file to apply');
  }, 120_000);

  it('shows a provider whose {env:…} base URL is unset as needing setup, naming the variable, never connected', async () => {
    const good = JSON.parse(await readFile(userFile(), 'utf8')) as { providers: { available: string[]; custom: Record<string, unknown> } };
    good.providers.available.push('acme');
    good.providers.custom['acme'] = { npm: '@ai-sdk/openai-compatible', name: 'Acme', options: { baseURL: '{env:ACME_UNSET_BASE_URL}', apiKey: 'x' }, models: { m: {} } };
    good.providers.available.push('typo');
    good.providers.custom['typo'] = { npm: '@ai-sdk/openai-compatible', name: 'Typo', options: { baseURL: 'localhost:11434/v1' }, models: { m: {} } };
    await writeFile(userFile(), JSON.stringify({ ...good, allowedEnvPlaceholders: ['ACME_UNSET_BASE_URL'] }, null, 2));
    await until(async () => (await ok(t.server, 'providers.list', {})).providers.some((provider) => provider.id === 'typo'), 'the providers to be listed');
    const { providers } = await ok(t.server, 'providers.list', {});
    expect(providers.find((provider) => provider.id === 'acme')).toMatchObject({ connected: false, setup: expect.stringContaining('ACME_UNSET_BASE_URL') as unknown });
    expect(providers.find((provider) => provider.id === 'typo')).toMatchObject({ connected: false, setup: expect.stringContaining('not an http') as unknown });
    expect(providers.find((provider) => provider.id === 'own')).toMatchObject({ connected: true });
  }, 120_000);
});
