// Records what the real OpenCode binary sends on its event stream for a set of scenarios and
// writes them as JSON fixtures next to this file. The normalizer tests replay these fixtures.
//
//   npx tsx packages/runtime/test/events/capture-fixtures.ts
//
// Each fixture keeps, in arrival order, every event of the scenario's session plus the first
// event of each unrelated type seen in the same window (so the tests also prove what the
// normalizer drops). Temp paths are rewritten to FIXTURE_DIRECTORY so fixtures are stable.

import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Event as OpencodeEvent, GlobalEvent } from '@opencode-ai/sdk/v2';
import { startScriptedModel, type ScriptRule, type ScriptedModel } from '@open-cowork/testing';
import { startRuntime, type TestRuntime } from '../session/start-runtime.js';
import { FIXTURE_DIRECTORY } from './fixtures.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Recorder {
  readonly events: unknown[];
  waitFor(predicate: (event: OpencodeEvent) => boolean, from: number, timeoutMs?: number): Promise<OpencodeEvent>;
}

function record(stream: AsyncIterable<unknown>, unwrap: (raw: unknown) => OpencodeEvent): Recorder {
  const events: unknown[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    for await (const raw of stream) {
      events.push(raw);
      for (const wake of waiters) wake();
    }
  })().catch(() => undefined);
  return {
    events,
    waitFor: (predicate, from, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          for (let i = from; i < events.length; i++) {
            const event = unwrap(events[i]);
            if (predicate(event)) {
              cleanup();
              resolve(event);
              return true;
            }
          }
          return false;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error('timed out waiting for an event'));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        const wake = (): void => void check();
        waiters.add(wake);
        check();
      }),
  };
}

const sessionOf = (event: OpencodeEvent): string | undefined => {
  // Global-stream `sync` payloads have no `properties`.
  const props = (event.properties ?? {}) as Record<string, unknown>;
  if (typeof props['sessionID'] === 'string') return props['sessionID'];
  return undefined;
};

const isIdle = (sessionID: string) => (event: OpencodeEvent) =>
  (event.type === 'session.idle' && event.properties.sessionID === sessionID) ||
  (event.type === 'session.status' && event.properties.sessionID === sessionID && event.properties.status.type === 'idle');

interface Context {
  readonly runtime: TestRuntime;
  readonly recorder: Recorder;
}

type Scenario = (ctx: Context) => Promise<string>; // returns the session id the fixture is about

async function newSession(ctx: Context, title?: string): Promise<string> {
  const { data, error } = await ctx.runtime.client.session.create({ directory: ctx.runtime.directory, ...(title ? { title } : {}) });
  if (!data) throw new Error(`session.create failed: ${JSON.stringify(error)}`);
  return data.id;
}

async function prompt(ctx: Context, sessionID: string, text: string, model?: { providerID: string; modelID: string }): Promise<void> {
  const { error } = await ctx.runtime.client.session.promptAsync({ sessionID, directory: ctx.runtime.directory, parts: [{ type: 'text', text }], ...(model ? { model } : {}) });
  if (error) throw new Error(`promptAsync failed: ${JSON.stringify(error)}`);
}

const BASH_CALL = { name: 'bash', arguments: { command: 'echo hi', description: 'Print hi' } } as const;
const COLOUR_QUESTION = { questions: [{ question: 'Which colour?', header: 'Colour', options: [{ label: 'Red', description: 'Warm' }, { label: 'Blue', description: 'Cool' }] }] };
const PROCEED_QUESTION = { questions: [{ question: 'Proceed?', header: 'Proceed', options: [{ label: 'Yes', description: 'Go on' }] }] };

/** The scripted model's answers, keyed by each scenario's prompt. */
const RULES: ScriptRule[] = [
  // Compaction: OpenCode's summary request (no tools offered; title requests never reach the rules).
  { match: { when: (c) => c.toolNames.length === 0 }, reply: { text: 'Summary: the user asked one question.' } },
  { match: { lastUser: 'Say hello' }, reply: { text: 'Hello from the model.' } },
  { match: { lastUser: 'Run echo hi', hasToolResults: false }, reply: { toolCalls: [BASH_CALL] } },
  { match: { lastUser: 'Run echo hi', hasToolResults: true }, reply: { text: 'The command printed hi.' } },
  { match: { lastUser: 'Write a long essay' }, reply: { fault: { type: 'stall', afterChunks: 1, text: 'Partial answer' } } },
  { match: { lastUser: 'Fail with 500' }, reply: { fault: { type: 'server-error', message: 'Internal server error (scripted)' } } },
  { match: { lastUser: 'First question' }, reply: { text: 'First answer.' } },
  { match: { lastUser: 'Ask me a question', hasToolResults: false }, reply: { toolCalls: [{ name: 'question', arguments: COLOUR_QUESTION }] } },
  { match: { lastUser: 'Ask me a question', hasToolResults: true }, reply: { text: 'Blue it is.' } },
  { match: { lastUser: 'Ask me something', hasToolResults: false }, reply: { toolCalls: [{ name: 'question', arguments: PROCEED_QUESTION }] } },
];

/** A provider endpoint that rejects every request with HTTP 400 (not retryable), for the model-error-400 scenario. */
async function startRejectingEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Bad request (scripted)', type: 'invalid_request_error' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

const scenarios: Record<string, Scenario> = {
  'text-prompt': async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx);
    await prompt(ctx, id, 'Say hello');
    await ctx.recorder.waitFor(isIdle(id), from);
    // The title request races the answer; wait for the retitle too.
    await ctx.recorder.waitFor((e) => e.type === 'session.updated' && e.properties.info.id === id && !e.properties.info.title.startsWith('New session'), from).catch(() => undefined);
    return id;
  },
  'permission-allow': async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Permission allow');
    await prompt(ctx, id, 'Run echo hi (allow)');
    const asked = await ctx.recorder.waitFor((e) => e.type === 'permission.asked' && e.properties.sessionID === id, from);
    if (asked.type !== 'permission.asked') throw new Error('unreachable');
    await new Promise((r) => setTimeout(r, 300)); // Let a possible duplicate arrive.
    await ctx.runtime.client.permission.reply({ requestID: asked.properties.id, directory: ctx.runtime.directory, reply: 'once' });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  'permission-reject': async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Permission reject');
    await prompt(ctx, id, 'Run echo hi (reject)');
    const asked = await ctx.recorder.waitFor((e) => e.type === 'permission.asked' && e.properties.sessionID === id, from);
    if (asked.type !== 'permission.asked') throw new Error('unreachable');
    await new Promise((r) => setTimeout(r, 300));
    await ctx.runtime.client.permission.reply({ requestID: asked.properties.id, directory: ctx.runtime.directory, reply: 'reject' });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  abort: async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Abort');
    await prompt(ctx, id, 'Write a long essay');
    await ctx.recorder.waitFor((e) => e.type === 'message.part.delta' && e.properties.sessionID === id, from);
    await ctx.runtime.client.session.abort({ sessionID: id, directory: ctx.runtime.directory });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  'model-error-500': async (ctx) => {
    // A 500 is retryable: OpenCode reports `retry` statuses with growing delays (2 s, 4 s, …)
    // and never gives up on its own, so the scenario aborts after the second retry.
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Model 500');
    await prompt(ctx, id, 'Fail with 500');
    await ctx.recorder.waitFor((e) => e.type === 'session.status' && e.properties.sessionID === id && e.properties.status.type === 'retry' && e.properties.status.attempt === 2, from);
    await ctx.runtime.client.session.abort({ sessionID: id, directory: ctx.runtime.directory });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  'model-error-400': async (ctx) => {
    // A 4xx is not retryable: the assistant message fails and session.error follows.
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Model 400');
    await prompt(ctx, id, 'Hello?', { providerID: 'rejecting', modelID: 'rejecting-1' });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  summarize: async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Summarize');
    await prompt(ctx, id, 'First question');
    await ctx.recorder.waitFor(isIdle(id), from);
    const mark = ctx.recorder.events.length;
    const { error } = await ctx.runtime.client.session.summarize({ sessionID: id, directory: ctx.runtime.directory, providerID: 'scripted', modelID: 'scripted-1' });
    if (error) throw new Error(`summarize failed: ${JSON.stringify(error)}`);
    await ctx.recorder.waitFor((e) => e.type === 'session.compacted' && e.properties.sessionID === id, mark);
    await ctx.recorder.waitFor(isIdle(id), mark);
    return id;
  },
  question: async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Question');
    await prompt(ctx, id, 'Ask me a question');
    const asked = await ctx.recorder.waitFor((e) => e.type === 'question.asked' && e.properties.sessionID === id, from);
    if (asked.type !== 'question.asked') throw new Error('unreachable');
    await ctx.runtime.client.question.reply({ requestID: asked.properties.id, directory: ctx.runtime.directory, answers: [['Blue']] });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  'question-reject': async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Question reject');
    await prompt(ctx, id, 'Ask me something');
    const asked = await ctx.recorder.waitFor((e) => e.type === 'question.asked' && e.properties.sessionID === id, from);
    if (asked.type !== 'question.asked') throw new Error('unreachable');
    await ctx.runtime.client.question.reject({ requestID: asked.properties.id, directory: ctx.runtime.directory });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
};

/** Scenarios also recorded from the global endpoint (`{ directory, payload }` envelopes). */
const GLOBAL_TOO = ['text-prompt', 'permission-allow'];

function sanitize(value: unknown, runtime: TestRuntime, urls: readonly string[]): unknown {
  let text = JSON.stringify(value);
  for (const url of urls) text = text.split(url).join('http://127.0.0.1:4010/v1');
  text = text
    .split(runtime.directory).join(FIXTURE_DIRECTORY)
    .split(runtime.directory.slice(1)).join(FIXTURE_DIRECTORY.slice(1))
    .split(runtime.root).join('/tmp/open-cowork-fixture');
  return JSON.parse(text) as unknown;
}

/** The scenario's session events, plus the first event of each other type (noise to be dropped). */
function select(events: readonly unknown[], sessionID: string, unwrap: (raw: unknown) => OpencodeEvent): unknown[] {
  const seenOther = new Set<string>();
  return events.filter((raw) => {
    const event = unwrap(raw);
    const session = sessionOf(event);
    if (session !== undefined) return session === sessionID;
    if (seenOther.has(event.type)) return false;
    seenOther.add(event.type);
    return true;
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const model: ScriptedModel = await startScriptedModel({ rules: RULES });
  const rejecting = await startRejectingEndpoint();
  const urls = [model.url, rejecting.url];
  const runtime = await startRuntime({
    model,
    providers: {
      rejecting: { npm: '@ai-sdk/openai-compatible', name: 'Rejecting', options: { baseURL: rejecting.url, apiKey: 'x' }, models: { 'rejecting-1': { name: 'Rejecting 1' } } },
    },
  });
  const abort = new AbortController();
  try {
    const plain = await runtime.client.event.subscribe({ directory: runtime.directory }, { signal: abort.signal });
    const global = await runtime.client.global.event({ signal: abort.signal });
    const recorder = record(plain.stream, (raw) => raw as OpencodeEvent);
    const globalRecorder = record(global.stream, (raw) => (raw as GlobalEvent).payload as OpencodeEvent);
    await new Promise((r) => setTimeout(r, 300));
    const ctx: Context = { runtime, recorder };
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (only.length > 0 && !only.includes(name)) continue;
      const from = recorder.events.length;
      const globalFrom = globalRecorder.events.length;
      const sessionID = await scenario(ctx);
      await new Promise((r) => setTimeout(r, 500)); // Trailing events (title, diff, idle).
      const events = select(recorder.events.slice(from), sessionID, (raw) => raw as OpencodeEvent);
      writeFileSync(join(FIXTURES, `${name}.json`), `${JSON.stringify(sanitize(events, runtime, urls), null, 2)}\n`);
      console.log(`${name}: ${events.length} events`);
      if (GLOBAL_TOO.includes(name)) {
        const wrapped = select(globalRecorder.events.slice(globalFrom), sessionID, (raw) => (raw as GlobalEvent).payload as OpencodeEvent);
        writeFileSync(join(FIXTURES, `global-${name}.json`), `${JSON.stringify(sanitize(wrapped, runtime, urls), null, 2)}\n`);
        console.log(`global-${name}: ${wrapped.length} events`);
      }
    }
  } finally {
    abort.abort();
    await runtime.close();
    await model.close();
    await new Promise((resolve) => rejecting.server.close(resolve));
  }
}

await main();
