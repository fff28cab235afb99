// A stand-in host for renderer load tests: the built renderer served under the host's own
// static server and CSP, with a fake `window.openCowork` preload bridge injected before the
// page's scripts run, so the renderer takes its IPC path (createIpcHostClient) and never
// talks to a real host.
//
// Why a stand-in on purpose: a 10,000-message session cannot be created through OpenCode and
// the scripted model in a test's time budget (each prompt is a real model turn, ~60–90 ms at
// best, plus title requests), and 2,000 events per second cannot be produced on demand by a
// real runtime. What these tests measure is the renderer (store, virtualized transcript,
// markdown, per-frame event batching), so the host side is replaced by data shaped exactly
// like the contract's (`HostApi`, `HostEvent`, checked by TypeScript below). Every other flow
// uses the real host, runtime and scripted model (see harness.ts).
//
// Shared by e2e/chat-10k.test.ts and the browser benchmarks (scripts/bench/scenarios), so it
// imports nothing from vitest and uses no DOM types (the bench is type-checked without them).
import {
  HOST_CONTRACT_VERSION,
  type AppInfo,
  type HostApi,
  type HostEvent,
  type Message,
  type MessageWithParts,
  type Part,
  type Provider,
  type Session,
  type Settings,
  type Workspace,
} from '@open-cowork/contracts';
import { createHostServer, Dispatcher } from '@open-cowork/host';
import type { Page } from 'playwright-core';
import { RENDERER_DIST } from './browser.js';

/** Text in the first message of every big session. */
export const FIRST_MESSAGE_MARKER = 'FIRST-MESSAGE-OF-THE-SESSION';
/** Text in the last message of every big session. */
export const LAST_MESSAGE_MARKER = 'LAST-MESSAGE-OF-THE-SESSION';
export const FAKE_WORKSPACE_ID = 'wsp_fake';

/** Big sessions are `ses_big_1` … `ses_big_<bigSessions>`; any `ses_big_<n>` answers with a fresh history. */
export const bigSessionId = (n: number): string => `ses_big_${n}`;
/** Empty sessions are `ses_empty_1` …; any `ses_empty_<n>` answers with no messages. */
export const emptySessionId = (n: number): string => `ses_empty_${n}`;

export interface FakeHostOptions {
  /** Messages in each big session. Default 10,000. */
  readonly messages?: number;
  /** How many big sessions `sessions.list` lists. Default 1. */
  readonly bigSessions?: number;
  /** How many empty sessions `sessions.list` lists. Default 1. */
  readonly emptySessions?: number;
}

export interface FrameStats {
  readonly frames: number;
  readonly ms: number;
  /** frames / seconds. */
  readonly fps: number;
  /** The longest time between two frames: a main-thread stall shows up here. */
  readonly maxGapMs: number;
}

export interface CountedFrames extends FrameStats {
  /** What was streamed meanwhile, if anything. */
  readonly stream?: StreamStats;
}

export interface StreamStats {
  /** text.delta events sent. */
  readonly events: number;
  readonly ms: number;
  readonly perSecond: number;
}

/** What the fake exposes to tests as `window.__openCoworkFake` (call it through `fakeControl`). */
export interface FakeControl {
  /** Host events sent to subscribers so far. */
  emitted(): number;
  /** Starts streaming one assistant answer into `sessionId`: `perSecond` text.delta events per second. */
  startStream(sessionId: string, perSecond: number): void;
  /** Ends the answer (message completed, session idle). */
  stopStream(): StreamStats;
  /** Counts animation frames from now until `stopFrames`. */
  startFrames(): void;
  stopFrames(): FrameStats;
  /** Waits for `count` animation frames. With `stream`, streams one answer into its session meanwhile. */
  countFrames(count: number, stream?: { sessionId: string; perSecond: number }): Promise<CountedFrames>;
  /**
   * Opens `#/chat/<sessionId>` and resolves, one frame after the transcript region contains
   * `text` (or, without `text`, exists and has stopped loading), with the milliseconds taken.
   */
  openChat(sessionId: string, text?: string): Promise<number>;
  /** Rows the virtualized transcript has in the DOM. */
  renderedRows(): number;
}

type HostEventListener = (event: HostEvent) => void;

interface FakeHostConfig {
  readonly messages: number;
  readonly bigSessions: number;
  readonly emptySessions: number;
  readonly contractVersion: number;
  readonly firstMarker: string;
  readonly lastMarker: string;
  readonly workspaceId: string;
}

/**
 * The init script for `context.addInitScript({ content })`: installs the fake bridge and the
 * control object. (Built as a string so that the function survives any transform that adds
 * helpers such as esbuild's `__name`.)
 */
export function fakeHostScript(options: FakeHostOptions = {}): string {
  const config: FakeHostConfig = {
    messages: options.messages ?? 10_000,
    bigSessions: options.bigSessions ?? 1,
    emptySessions: options.emptySessions ?? 1,
    contractVersion: HOST_CONTRACT_VERSION,
    firstMarker: FIRST_MESSAGE_MARKER,
    lastMarker: LAST_MESSAGE_MARKER,
    workspaceId: FAKE_WORKSPACE_ID,
  };
  return `(() => { const __name = (target) => target; (${installFakeHost.toString()})(${JSON.stringify(config)}); })();`;
}

/** Calls the page's fake controls (by expression strings, which survive any transform). */
export function fakeControl(page: Page) {
  const call = <T>(method: keyof FakeControl, ...args: unknown[]): Promise<T> =>
    page.evaluate(`window.__openCoworkFake.${method}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`) as Promise<T>;
  return {
    emitted: () => call<number>('emitted'),
    startStream: (sessionId: string, perSecond: number) => call<void>('startStream', sessionId, perSecond),
    stopStream: () => call<StreamStats>('stopStream'),
    startFrames: () => call<void>('startFrames'),
    stopFrames: () => call<FrameStats>('stopFrames'),
    countFrames: (count: number, stream?: { sessionId: string; perSecond: number }) => call<CountedFrames>('countFrames', count, ...(stream ? [stream] : [])),
    openChat: (sessionId: string, text?: string) => call<number>('openChat', sessionId, ...(text === undefined ? [] : [text])),
    renderedRows: () => call<number>('renderedRows'),
  };
}

export interface RendererServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The built renderer, served by the host's own HTTP server (same static handler, same CSP
 * and headers) with no API methods: pages use the fake bridge instead.
 */
export async function serveRenderer(staticDir: string = RENDERER_DIST): Promise<RendererServer> {
  const server = await createHostServer({ token: `unused-${Math.random().toString(36).slice(2)}`, dispatcher: new Dispatcher(), staticDir, port: 0, requestLog: false });
  return { url: server.url, close: () => server.close() };
}

// ---------------------------------------------------------------------------------------------
// Everything below runs in the page. It must be self-contained: no imports, no closures over
// module scope (types are fine, they are erased).

/** The few browser globals the page side uses (declared here: this file has no DOM types). */
interface PageGlobals {
  requestAnimationFrame(callback: (time: number) => void): number;
  location: { hash: string };
  document: {
    body: unknown;
    querySelector(selector: string): { textContent: string | null; getAttribute(name: string): string | null } | null;
    querySelectorAll(selector: string): { readonly length: number };
  };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList?: boolean; subtree?: boolean; characterData?: boolean; attributes?: boolean }): void;
    disconnect(): void;
  };
  openCowork?: unknown;
  __openCoworkFake?: FakeControl;
}

function installFakeHost(config: FakeHostConfig): void {
  const page = globalThis as unknown as PageGlobals;
  const startedAt = Date.now();
  const workspaceId = config.workspaceId;
  const MODEL = 'scripted/scripted-1';
  const TEMPLATE_ID = 'ses_template_0000';

  // --- data -------------------------------------------------------------------------------

  const workspace: Workspace = { id: workspaceId, name: 'workspace', path: '/home/you/workspace', addedAt: startedAt - 86_400_000 };
  const session = (id: string, title: string, ageMs: number): Session => ({
    id,
    workspaceId,
    title,
    directory: workspace.path,
    createdAt: startedAt - ageMs - 3_600_000,
    updatedAt: startedAt - ageMs,
  });
  const sessions: Session[] = [];
  for (let n = 1; n <= config.bigSessions; n += 1) sessions.push(session(`ses_big_${n}`, n === 1 ? 'Ten thousand messages' : `Ten thousand messages #${n}`, n * 60_000));
  for (let n = 1; n <= config.emptySessions; n += 1) sessions.push(session(`ses_empty_${n}`, n === 1 ? 'An empty chat' : `An empty chat #${n}`, 3_600_000 + n * 60_000));

  const info: AppInfo = {
    name: 'Open Cowork',
    version: '0.0.0-fake',
    contractVersion: config.contractVersion,
    branding: {
      name: 'Open Cowork',
      productName: 'Open Cowork',
      sidebar: { top: { variant: 'icon-text', mediaSize: 28, title: 'Open Cowork', ariaLabel: 'Open Cowork home' } },
      home: { greeting: 'What should {{brand}} work on today?' },
    },
    i18n: { locale: 'en-US', strings: {} },
    features: { updates: false, telemetry: false, webSearch: false, signIn: false },
    toolTrace: { additionalRules: [] },
  };
  const provider: Provider = {
    id: 'scripted',
    name: 'Scripted',
    configured: true,
    connected: true,
    credentials: [],
    models: [{ id: 'scripted-1', name: 'Scripted 1', contextLimit: 128_000, outputLimit: 8_000, featured: true }],
    defaultModel: 'scripted-1',
  };
  let settings: Settings = {
    permissions: { bash: 'ask', fileWrite: 'ask', task: 'ask', web: 'ask' },
    permissionCeilings: { bash: 'allow', fileWrite: 'allow', task: 'allow', web: 'allow', webSearch: false },
    webSearch: false,
    sandbox: 'auto',
    appearance: 'light',
  };

  // --- a generated history: mixed lengths, code blocks, tool calls, reasoning ---------------

  let seed = 0x5eed;
  const random = (): number => {
    // mulberry32: deterministic, so every run renders the same transcript.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const WORDS = (
    'the agent reads files in the workspace and writes a short plan before it changes anything ' +
    'tests pass build config release notes summary module function value error retry stream ' +
    'session message provider model token cache index render layout scroll frame budget'
  ).split(' ');
  const words = (count: number): string => Array.from({ length: count }, () => WORDS[between(0, WORDS.length - 1)]).join(' ');
  const sentence = (): string => {
    const text = words(between(6, 18));
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = (sentences: number): string => Array.from({ length: sentences }, sentence).join(' ');
  const codeBlock = (i: number): string => {
    const lines = between(4, 22);
    const body = Array.from({ length: lines }, (_, l) => `  const value${l} = compute(${i}, ${l}); // ${words(between(2, 6))}`).join('\n');
    return `\`\`\`ts\nexport function step${i}() {\n${body}\n}\n\`\`\``;
  };
  const TOOLS = ['bash', 'read', 'grep', 'edit', 'webfetch'] as const;

  const generate = (sessionId: string, count: number): MessageWithParts[] => {
    seed = 0x5eed;
    const base = startedAt - count * 30_000;
    const out: MessageWithParts[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = `msg_${String(i).padStart(6, '0')}`;
      const createdAt = base + i * 30_000;
      const marker = i === 0 ? `${config.firstMarker} ` : i === count - 1 ? `${config.lastMarker} ` : '';
      const text = (partIndex: number, value: string): Part => ({ id: `prt_${i}_${partIndex}`, sessionId, messageId: id, kind: 'text', text: value });
      if (i % 2 === 0 && i !== count - 1) {
        const length = i % 97 === 0 ? 8 : between(1, 3);
        const info: Message = { id, sessionId, role: 'user', createdAt, agent: 'build', model: MODEL };
        out.push({ info, parts: [text(0, `${marker}#${i}: ${paragraph(length)}`)] });
        continue;
      }
      const parts: Part[] = [{ id: `prt_${i}_s`, sessionId, messageId: id, kind: 'step-start' }];
      if (i % 11 === 1) parts.push({ id: `prt_${i}_r`, sessionId, messageId: id, kind: 'reasoning', text: paragraph(2) });
      if (i % 4 === 1) {
        const calls = between(1, 3);
        for (let c = 0; c < calls; c += 1) {
          const tool = TOOLS[(i + c) % TOOLS.length] ?? 'bash';
          const failed = i % 40 === 1 && c === 0;
          parts.push({
            id: `prt_${i}_t${c}`,
            sessionId,
            messageId: id,
            kind: 'tool',
            tool,
            callId: `call_${i}_${c}`,
            state: {
              status: failed ? 'error' : 'completed',
              input: tool === 'bash' ? { command: `ls -la src/${i}`, description: 'List files' } : { filePath: `src/module-${i}.ts` },
              title: tool === 'bash' ? `ls -la src/${i}` : `src/module-${i}.ts`,
              ...(failed ? { error: 'The command exited with status 2.' } : { output: Array.from({ length: between(1, 12) }, (_, l) => `line ${l}: ${words(between(3, 9))}`).join('\n') }),
              startedAt: createdAt + 100,
              endedAt: createdAt + 400,
            },
          });
        }
      }
      const blocks: string[] = [];
      const size = i % 97 === 1 ? 12 : between(1, 4);
      for (let p = 0; p < size; p += 1) blocks.push(paragraph(between(1, 5)));
      if (i % 6 === 3) blocks.splice(1, 0, codeBlock(i));
      if (i % 9 === 5) blocks.push(`- ${sentence()}\n- ${sentence()}\n- **${words(2)}** and \`${words(1)}\``);
      parts.push(text(0, `${marker}${blocks.join('\n\n')}`));
      const tokens = { input: 1_000 + i * 3, output: between(40, 900), reasoning: 0, cacheRead: 0, cacheWrite: 0 };
      parts.push({ id: `prt_${i}_f`, sessionId, messageId: id, kind: 'step-finish', reason: 'stop', tokens, cost: 0 });
      const info: Message = {
        id,
        sessionId,
        role: 'assistant',
        createdAt,
        completedAt: createdAt + 2_000,
        parentId: `msg_${String(i - 1).padStart(6, '0')}`,
        agent: 'build',
        model: MODEL,
        tokens,
        cost: 0,
        finish: 'stop',
      };
      out.push({ info, parts });
    }
    return out;
  };

  // The history travels as JSON, as over HTTP (IPC clones it): generated once, parsed per call.
  let historyJson: string | undefined;
  const history = (sessionId: string, limit: number | undefined): MessageWithParts[] => {
    if (!/^ses_big_\d+$/.test(sessionId)) return [];
    historyJson ??= JSON.stringify(generate(TEMPLATE_ID, config.messages));
    const all = JSON.parse(historyJson.replaceAll(TEMPLATE_ID, sessionId)) as MessageWithParts[];
    return limit !== undefined && limit < all.length ? all.slice(all.length - limit) : all;
  };

  // --- events -----------------------------------------------------------------------------

  const listeners = new Set<HostEventListener>();
  let emitted = 0;
  const emit = (event: HostEvent): void => {
    emitted += 1;
    for (const listener of listeners) listener(event);
  };

  let stream:
    | { sessionId: string; messageId: string; partId: string; perSecond: number; started: number; sent: number; timer: ReturnType<typeof setInterval> }
    | undefined;
  let streams = 0;
  const STREAM_WORDS = 'streaming tokens arrive quickly and the transcript keeps up with every one of them'.split(' ');

  const startStream = (sessionId: string, perSecond: number): void => {
    if (stream !== undefined) stopStream();
    streams += 1;
    const messageId = `msg_stream_${String(streams).padStart(4, '0')}`;
    const partId = `prt_stream_${streams}`;
    const now = Date.now();
    emit({ type: 'session.status', payload: { workspaceId, sessionId, status: { type: 'busy' } } });
    emit({ type: 'message.updated', payload: { workspaceId, message: { id: messageId, sessionId, role: 'assistant', createdAt: now, agent: 'build', model: MODEL } } });
    emit({ type: 'part.updated', payload: { workspaceId, part: { id: partId, sessionId, messageId, kind: 'text', text: '' } } });
    const started = performance.now();
    const current = { sessionId, messageId, partId, perSecond, started, sent: 0, timer: setInterval(() => tick(), 4) };
    stream = current;
    const tick = (): void => {
      // Timers are coarse (≥4 ms, later under load): send what is due by now.
      const due = Math.floor(((performance.now() - current.started) * current.perSecond) / 1000) - current.sent;
      for (let k = 0; k < due; k += 1) {
        const n = current.sent + k;
        const word = STREAM_WORDS[n % STREAM_WORDS.length] ?? 'token';
        const delta = n % 60 === 59 ? `${word}.\n\n` : `${word} `;
        emit({ type: 'text.delta', payload: { workspaceId, sessionId: current.sessionId, messageId: current.messageId, partId: current.partId, delta } });
      }
      current.sent += Math.max(0, due);
    };
  };

  const stopStream = (): StreamStats => {
    const current = stream;
    if (current === undefined) return { events: 0, ms: 0, perSecond: 0 };
    clearInterval(current.timer);
    stream = undefined;
    const ms = performance.now() - current.started;
    const now = Date.now();
    emit({
      type: 'message.updated',
      payload: {
        workspaceId,
        message: { id: current.messageId, sessionId: current.sessionId, role: 'assistant', createdAt: now - Math.round(ms), completedAt: now, agent: 'build', model: MODEL, finish: 'stop' },
      },
    });
    emit({ type: 'session.status', payload: { workspaceId, sessionId: current.sessionId, status: { type: 'idle' } } });
    return { events: current.sent, ms, perSecond: ms > 0 ? (current.sent * 1000) / ms : 0 };
  };

  // --- the bridge: every contract method, with minimal valid results ------------------------

  const notFound = (what: string): Promise<never> => Promise.reject({ code: 'NOT_FOUND', message: `The stand-in host has no ${what}.` });
  const findSession = (id: string): Session | undefined => sessions.find((s) => s.id === id);
  const runtime = { state: 'ready', version: 'fake', since: startedAt } as const;
  const updateStatus = { label: 'GitHub releases of open-cowork/open-cowork', channel: 'latest', currentVersion: info.version, state: 'idle', inApp: false } as const;

  const api: HostApi = {
    'app.info': async () => info,
    'app.diagnostics': async () => ({
      versions: { app: info.version, contract: info.contractVersion, opencode: 'fake', node: '20', platform: 'linux', arch: 'x64' },
      runtime,
      dataDir: '~/.open-cowork',
      logs: [],
    }),
    'app.runner': async () => ({ running: false }),
    'app.health': async () => ({ runtime, capabilities: [] }),
    'app.exportDiagnostics': async () => ({
      format: 'open-cowork-diagnostics/1',
      generatedAt: new Date().toISOString(),
      versions: { app: info.version, contract: info.contractVersion, opencode: 'fake', node: '20', platform: 'linux', arch: 'x64' },
      runtime,
      dataDir: '~/.open-cowork',
      config: {},
      configLayers: [],
      settings,
      credentials: { providers: {}, mcps: {} },
      providers: [],
      mcps: [],
      telemetry: { enabled: false, directory: '~/.open-cowork/telemetry', retentionDays: 30, forwarding: { configured: false, active: false, headers: [], sent: 0, failed: 0, dropped: 0 } },
      logs: [],
      truncated: { logLines: 0, config: false },
    }),
    'runtime.status': async () => runtime,
    'runtime.restart': async () => runtime,
    'workspaces.add': async () => workspace,
    'workspaces.list': async () => ({ workspaces: [workspace] }),
    'workspaces.files': async () => ({ files: [], truncated: false }),
    'workspaces.trust': async () => workspace,
    'workspaces.trusted': async () => ({ folders: [] }),
    'workspaces.untrust': async () => ({ revoked: false }),
    'workspaces.remove': async () => ({ removed: false }),
    'sessions.list': async ({ workspaceId: id }) => ({ sessions: id === workspaceId ? sessions : [], statuses: {} }),
    'sessions.create': async ({ title }) => {
      const created = session(`ses_new_${sessions.length + 1}`, title ?? '', 0);
      sessions.push(created);
      emit({ type: 'session.created', payload: { workspaceId, session: created } });
      return created;
    },
    'sessions.get': async ({ sessionId }) => findSession(sessionId) ?? notFound(`session ${sessionId}`),
    'sessions.messages': async ({ sessionId, limit }) => ({ messages: history(sessionId, limit) }),
    'sessions.prompt': async () => ({ accepted: true }),
    'sessions.abort': async () => {
      stopStream();
      return { ok: true };
    },
    'sessions.rename': async ({ sessionId, title }) => {
      const found = findSession(sessionId);
      if (found === undefined) return notFound(`session ${sessionId}`);
      found.title = title;
      return found;
    },
    'sessions.delete': async () => ({ deleted: true }),
    'sessions.summarize': async () => ({ ok: true }),
    'sessions.fork': async () => notFound('forks'),
    'sessions.revert': async ({ sessionId }) => findSession(sessionId) ?? notFound(`session ${sessionId}`),
    'sessions.unrevert': async ({ sessionId }) => findSession(sessionId) ?? notFound(`session ${sessionId}`),
    'sessions.diff': async () => ({ files: [] }),
    'artifacts.list': async () => ({ artifacts: [] }),
    'artifacts.read': async () => {
      throw new Error('no artifacts in the stand-in host');
    },
    'permissions.list': async () => ({ requests: [] }),
    'permissions.reply': async () => ({ ok: true }),
    'questions.list': async () => ({ requests: [] }),
    'questions.reply': async () => ({ ok: true }),
    'questions.reject': async () => ({ ok: true }),
    'agents.list': async () => ({ agents: [{ name: 'build', source: 'built-in', label: 'Build', mode: 'primary', readOnly: false, editable: false }] }),
    'agents.templates': async () => ({ templates: [] }),
    'agents.get': async ({ name }) => notFound(`agent ${name}`),
    'agents.save': async ({ agent }) => notFound(`agent store (saving ${agent.name})`),
    'agents.delete': async ({ name }) => notFound(`agent ${name}`),
    'capabilities.list': async () => ({ tools: [], skills: [], mcps: [] }),
    'mcps.add': async ({ mcp }) => notFound(`MCP support (adding ${mcp.name})`),
    'mcps.update': async ({ mcp }) => notFound(`MCP server ${mcp.name}`),
    'mcps.remove': async ({ name }) => notFound(`MCP server ${name}`),
    'mcps.setTrust': async ({ name }) => notFound(`MCP server ${name}`),
    'mcps.test': async () => ({ ok: false, tools: [], failure: 'spawn', message: 'The stand-in host starts no MCP servers.', durationMs: 0 }),
    'mcps.setCredentials': async ({ name }) => notFound(`MCP server ${name}`),
    'providers.list': async () => ({ providers: [provider], defaultModel: MODEL }),
    'providers.refresh': async () => ({ providers: [provider], defaultModel: MODEL }),
    'providers.setCredential': async () => provider,
    'providers.clearCredential': async () => provider,
    'providers.authMethods': async () => ({ methods: [] }),
    'providers.oauthStart': async ({ providerId }) => notFound(`sign-in for ${providerId}`),
    'providers.oauthFinish': async ({ providerId }) => notFound(`sign-in for ${providerId}`),
    'providers.saveCustom': async ({ id }) => notFound(`a user config file for ${id}`),
    'providers.fetchModels': async ({ baseURL }) => notFound(`models at ${baseURL}`),
    'providers.test': async () => ({ ok: false, problem: 'The fake host sends no prompts.' }),
    'settings.get': async () => settings,
    'settings.set': async ({ patch }) => {
      settings = { ...settings, ...(patch.appearance ? { appearance: patch.appearance } : {}), ...(patch.model ? { model: patch.model } : {}) };
      return settings;
    },
    'auth.status': async () => ({ mode: 'none', signedIn: false, scopes: [], pending: false }),
    'auth.signIn': async () => ({ url: 'https://accounts.example.test/sign-in' }),
    'auth.signOut': async () => ({ signedOut: true }),
    'updates.status': async () => updateStatus,
    'updates.check': async () => updateStatus,
    'updates.download': async () => Promise.reject({ code: 'UPDATE_UNAVAILABLE', message: 'The stand-in host has no update to download.' }),
    'updates.install': async () => Promise.reject({ code: 'UPDATE_UNAVAILABLE', message: 'The stand-in host has no update to install.' }),
    // The stand-in runs no isolated session jobs: none are listed, none can start.
    'jobs.start': async () => Promise.reject({ code: 'JOBS_UNAVAILABLE', message: 'The stand-in host runs no jobs.' }),
    'jobs.status': async () => notFound('jobs'),
    'jobs.output': async () => notFound('jobs'),
    'jobs.cancel': async () => notFound('jobs'),
    'jobs.cleanup': async () => ({ removedSessions: [], deletedWorkspaces: [], stoppedServers: [] }),
    'jobs.list': async () => ({ jobs: [] }),
    'jobs.sessions': async () => ({ sessions: [] }),
    // The stand-in has no workflows server.
    'workflows.list': async () => Promise.reject({ code: 'WORKFLOWS_UNAVAILABLE', message: 'The stand-in host has no workflows server.' }),
    'workflows.get': async () => notFound('workflows'),
    'workflows.run': async () => notFound('workflows'),
    'workflows.runs': async () => ({ runs: [] }),
    'workflows.delete': async () => notFound('workflows'),
    'settings.telemetry': async () => ({ on: false, lockedBy: 'host' }),
    'settings.setTelemetry': async () => Promise.reject({ code: 'PERMISSION_CEILING', message: 'The stand-in host records no telemetry.' }),
  };
  const bridge = Object.freeze({
    ...api,
    subscribe(listener: HostEventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  Object.defineProperty(page, 'openCowork', { value: bridge, configurable: false, enumerable: true, writable: false });

  // --- controls for tests and benchmarks --------------------------------------------------

  let meter: { frames: number; started: number; last: number; maxGap: number; running: boolean } | undefined;
  const frameStats = (m: { frames: number; started: number; last: number; maxGap: number }): FrameStats => {
    const ms = m.last - m.started;
    return { frames: m.frames, ms, fps: ms > 0 ? (m.frames * 1000) / ms : 0, maxGapMs: m.maxGap };
  };
  const region = (): { textContent: string | null; getAttribute(name: string): string | null } | null => page.document.querySelector('[role="region"][aria-label="Conversation"]');

  const control: FakeControl = {
    emitted: () => emitted,
    startStream,
    stopStream,
    startFrames() {
      const now = performance.now();
      const current = { frames: 0, started: now, last: now, maxGap: 0, running: true };
      meter = current;
      const loop = (): void => {
        if (!current.running) return;
        const t = performance.now();
        current.maxGap = Math.max(current.maxGap, t - current.last);
        current.last = t;
        current.frames += 1;
        page.requestAnimationFrame(loop);
      };
      page.requestAnimationFrame(loop);
    },
    stopFrames() {
      const current = meter;
      if (current === undefined) return { frames: 0, ms: 0, fps: 0, maxGapMs: 0 };
      current.running = false;
      meter = undefined;
      return frameStats(current);
    },
    countFrames(count, streamOptions) {
      return new Promise((resolve) => {
        // Start on a frame boundary so the window holds whole frames.
        page.requestAnimationFrame(() => {
          if (streamOptions) startStream(streamOptions.sessionId, streamOptions.perSecond);
          const m = { frames: 0, started: performance.now(), last: performance.now(), maxGap: 0 };
          const loop = (): void => {
            const t = performance.now();
            m.maxGap = Math.max(m.maxGap, t - m.last);
            m.last = t;
            m.frames += 1;
            if (m.frames < count) {
              page.requestAnimationFrame(loop);
              return;
            }
            resolve(streamOptions ? { ...frameStats(m), stream: stopStream() } : frameStats(m));
          };
          page.requestAnimationFrame(loop);
        });
      });
    },
    openChat(sessionId, text) {
      return new Promise((resolve) => {
        const started = performance.now();
        const done = (): boolean => {
          const el = region();
          if (el === null || el.getAttribute('aria-busy') === 'true') return false;
          return text === undefined || (el.textContent ?? '').includes(text);
        };
        const observer = new page.MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          // "Rendered": the next frame, after layout, paint has been scheduled.
          page.requestAnimationFrame(() => resolve(performance.now() - started));
        });
        observer.observe(page.document.body, { childList: true, subtree: true, characterData: true });
        page.location.hash = `#/chat/${encodeURIComponent(sessionId)}`;
      });
    },
    renderedRows: () => page.document.querySelectorAll('[role="region"][aria-label="Conversation"] .vrow').length,
  };
  Object.defineProperty(page, '__openCoworkFake', { value: control, configurable: false, enumerable: false, writable: false });
}
