// Records what the real OpenCode binary sends on its event stream for a set of scenarios and
// writes them as JSON fixtures next to this file. The normalizer tests replay these fixtures.
// The runtime is started by the production supervisor (through the test harness), against the
// scripted model.
//
//   node --import tsx --conditions source packages/runtime/test/events/capture-fixtures.ts [--out DIR] [scenario…]
//
// `--conditions source` runs the workspace packages from their sources (as the tests do), not
// from a possibly stale build. `--out` writes somewhere else than the fixtures folder, e.g. to
// compare a new OpenCode version's events with the committed ones.
//
// Each fixture keeps, in arrival order, every event of the scenario's session plus the first
// event of each unrelated type seen in the same window (so the tests also prove what the
// normalizer drops). Temp paths are rewritten to FIXTURE_DIRECTORY so fixtures are stable.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Event as OpencodeEvent, GlobalEvent, OpencodeClient } from '@opencode-ai/sdk/v2';
import { scriptedOpencodeConfig, type ScriptRule } from '@open-cowork/testing';
import { startHarness, type Harness } from '../support/harness.js';
import { FIXTURE_DIRECTORY } from './fixtures.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Recorder {
  readonly events: unknown[];
  waitFor(predicate: (event: OpencodeEvent) => boolean, from: number, timeoutMs?: number): Promise<OpencodeEvent>;
}

/** Records a feed of raw events: an SDK stream, or the supervisor's `onEvent`. */
function record(feed: AsyncIterable<unknown> | ((listener: (raw: unknown) => void) => unknown), unwrap: (raw: unknown) => OpencodeEvent): Recorder {
  const events: unknown[] = [];
  const waiters = new Set<() => void>();
  const push = (raw: unknown): void => {
    events.push(raw);
    for (const wake of waiters) wake();
  };
  if (typeof feed === 'function') {
    feed(push);
  } else {
    void (async () => {
      for await (const raw of feed) push(raw);
    })().catch(() => undefined);
  }
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
  readonly client: OpencodeClient;
  /** The workspace folder every scenario works in. */
  readonly directory: string;
  readonly recorder: Recorder;
}

type Scenario = (ctx: Context) => Promise<string>; // returns the session id the fixture is about

async function newSession(ctx: Context, title?: string): Promise<string> {
  const { data, error } = await ctx.client.session.create({ directory: ctx.directory, ...(title ? { title } : {}) });
  if (!data) throw new Error(`session.create failed: ${JSON.stringify(error)}`);
  return data.id;
}

async function prompt(ctx: Context, sessionID: string, text: string): Promise<void> {
  const { error } = await ctx.client.session.promptAsync({ sessionID, directory: ctx.directory, parts: [{ type: 'text', text }] });
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
  { match: { lastUser: 'Fail with 400' }, reply: { fault: { type: 'bad-request', message: 'Bad request (scripted)' } } },
  { match: { lastUser: 'First question' }, reply: { text: 'First answer.' } },
  { match: { lastUser: 'Ask me a question', hasToolResults: false }, reply: { toolCalls: [{ name: 'question', arguments: COLOUR_QUESTION }] } },
  { match: { lastUser: 'Ask me a question', hasToolResults: true }, reply: { text: 'Blue it is.' } },
  { match: { lastUser: 'Ask me something', hasToolResults: false }, reply: { toolCalls: [{ name: 'question', arguments: PROCEED_QUESTION }] } },
];

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
    await ctx.client.permission.reply({ requestID: asked.properties.id, directory: ctx.directory, reply: 'once' });
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
    await ctx.client.permission.reply({ requestID: asked.properties.id, directory: ctx.directory, reply: 'reject' });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  abort: async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Abort');
    await prompt(ctx, id, 'Write a long essay');
    await ctx.recorder.waitFor((e) => e.type === 'message.part.delta' && e.properties.sessionID === id, from);
    await ctx.client.session.abort({ sessionID: id, directory: ctx.directory });
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
    await ctx.client.session.abort({ sessionID: id, directory: ctx.directory });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  'model-error-400': async (ctx) => {
    // A 4xx is not retryable: the assistant message fails and session.error follows.
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Model 400');
    await prompt(ctx, id, 'Fail with 400');
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  summarize: async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Summarize');
    await prompt(ctx, id, 'First question');
    await ctx.recorder.waitFor(isIdle(id), from);
    const mark = ctx.recorder.events.length;
    const { error } = await ctx.client.session.summarize({ sessionID: id, directory: ctx.directory, providerID: 'scripted', modelID: 'scripted-1' });
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
    await ctx.client.question.reply({ requestID: asked.properties.id, directory: ctx.directory, answers: [['Blue']] });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
  'question-reject': async (ctx) => {
    const from = ctx.recorder.events.length;
    const id = await newSession(ctx, 'Question reject');
    await prompt(ctx, id, 'Ask me something');
    const asked = await ctx.recorder.waitFor((e) => e.type === 'question.asked' && e.properties.sessionID === id, from);
    if (asked.type !== 'question.asked') throw new Error('unreachable');
    await ctx.client.question.reject({ requestID: asked.properties.id, directory: ctx.directory });
    await ctx.recorder.waitFor(isIdle(id), from);
    return id;
  },
};

/** Scenarios also recorded from the global endpoint (`{ directory, payload }` envelopes). */
const GLOBAL_TOO = ['text-prompt', 'permission-allow'];

/** Rewrites the machine's temp paths and ports, so fixtures are stable. */
function sanitize(value: unknown, harness: Harness): unknown {
  let text = JSON.stringify(value);
  text = text.split(harness.model.url).join('http://127.0.0.1:4010/v1');
  const runtimeRoot = join(harness.dataDir, 'runtime');
  text = text
    .split(harness.workspace).join(FIXTURE_DIRECTORY)
    .split(harness.workspace.slice(1)).join(FIXTURE_DIRECTORY.slice(1))
    .split(runtimeRoot).join('/tmp/open-cowork-fixture');
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
  const { values, positionals: only } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
  const out = values.out === undefined ? FIXTURES : resolve(values.out);
  mkdirSync(out, { recursive: true });
  const harness = await startHarness({
    rules: RULES,
    launchConfig: (model) => {
      const scripted = scriptedOpencodeConfig(model);
      return { config: { ...scripted, small_model: scripted.model, autoupdate: false, share: 'disabled', permission: { bash: 'ask' } } };
    },
  });
  const abort = new AbortController();
  try {
    // The global stream is the supervisor's own; the per-folder stream is subscribed directly,
    // since fixtures of both shapes are kept.
    const globalRecorder = record((listener) => harness.supervisor.onEvent(listener), (raw) => (raw as GlobalEvent).payload as OpencodeEvent);
    const { client } = await harness.supervisor.start();
    const plain = await client.event.subscribe({ directory: harness.workspace }, { signal: abort.signal });
    const recorder = record(plain.stream, (raw) => raw as OpencodeEvent);
    await recorder.waitFor((event) => event.type === 'server.connected', 0);
    await globalRecorder.waitFor((event) => event.type === 'server.connected', 0);
    const ctx: Context = { client, directory: harness.workspace, recorder };
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (only.length > 0 && !only.includes(name)) continue;
      const from = recorder.events.length;
      const globalFrom = globalRecorder.events.length;
      const sessionID = await scenario(ctx);
      await new Promise((r) => setTimeout(r, 500)); // Trailing events (title, diff, idle).
      const events = select(recorder.events.slice(from), sessionID, (raw) => raw as OpencodeEvent);
      writeFileSync(join(out, `${name}.json`), `${JSON.stringify(sanitize(events, harness), null, 2)}\n`);
      console.log(`${name}: ${events.length} events`);
      if (GLOBAL_TOO.includes(name)) {
        const wrapped = select(globalRecorder.events.slice(globalFrom), sessionID, (raw) => (raw as GlobalEvent).payload as OpencodeEvent);
        writeFileSync(join(out, `global-${name}.json`), `${JSON.stringify(sanitize(wrapped, harness), null, 2)}\n`);
        console.log(`global-${name}: ${wrapped.length} events`);
      }
    }
  } finally {
    abort.abort();
    await harness.dispose();
  }
}

await main();
