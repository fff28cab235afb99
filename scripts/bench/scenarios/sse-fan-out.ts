import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostServer, type Host, type HostServer } from '@open-cowork/host';
import { readSseJson } from '@open-cowork/runtime';
import { startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { createScriptedHost } from './scripted-host.js';
import type { Scenario, ScenarioResult } from '../runner.js';

const WORDS = 2000;

/**
 * The event path from the runtime to one HTTP client. Each sample is one prompt whose answer
 * streams as ~2000 text deltas, timed until the client sees the session go idle. Baseline:
 * a client subscribed to OpenCode's own event stream. Subject: a client of the host's
 * /api/events (runtime → supervisor → normalizer → bridge → SSE hub). Same runtime, same
 * model, one session each.
 */
export function sseFanOutScenario(repoRoot: string): Scenario {
  let sandbox = '';
  let model: ScriptedModel;
  let host: Host;
  let server: HostServer;
  const stop = new AbortController();
  let direct: StreamWatch;
  let viaHost: StreamWatch;
  let directSession = '';
  let hostSession = '';
  let workspace = '';

  const prompt = async (sessionID: string, watch: StreamWatch) => {
    const idle = watch.idle(sessionID);
    const connection = host.runtime.supervisor.connection();
    const sent = await connection.client.session.promptAsync({ sessionID, directory: workspace, parts: [{ type: 'text', text: 'stream' }] });
    if (sent.error) throw new Error(`prompt failed: ${JSON.stringify(sent.error)}`);
    await idle;
  };

  return {
    name: 'sse-fan-out',
    description: `a ${WORDS}-delta answer to one SSE client: host /api/events vs. OpenCode's own stream`,
    samples: 10,
    warmup: 2,
    setup: async () => {
      sandbox = mkdtempSync(join(tmpdir(), 'oc-bench-sse-'));
      workspace = join(sandbox, 'workspace');
      mkdirSync(workspace);
      model = await startScriptedModel({ rules: [{ reply: { text: Array.from({ length: WORDS }, (_, i) => `w${i}`).join(' ') } }] });
      host = await createScriptedHost(repoRoot, sandbox, model);
      const token = 'bench-token';
      server = await createHostServer({
        token,
        dispatcher: host.dispatcher,
        events: host.events,
        port: 0,
        requestLog: false,
      });
      const ws = await host.workspaces.add(workspace);
      await host.start();
      const connection = host.runtime.supervisor.connection();
      direct = watchStream(`${connection.url}/global/event`, connection.authorization, stop.signal, rawIdle, rawDeltaSession);
      viaHost = watchStream(`${server.url}/api/events`, `Bearer ${token}`, stop.signal, hostIdle, hostDeltaSession);
      await Promise.all([direct.connected, viaHost.connected]);
      directSession = (await host.call('sessions.create', { workspaceId: ws.id })).id;
      hostSession = (await host.call('sessions.create', { workspaceId: ws.id })).id;
      return async () => {
        stop.abort();
        await server.close();
        await host.stop();
        await model.close();
        rmSync(sandbox, { recursive: true, force: true });
      };
    },
    baseline: { name: "OpenCode's /global/event", run: () => prompt(directSession, direct) },
    variants: [{ name: 'host /api/events', run: () => prompt(hostSession, viaHost) }],
    summary: (result: ScenarioResult) => {
      const hostMedian = result.variants[1]?.medianMs ?? Number.NaN;
      const perPrompt = viaHost.counted / Math.max(1, viaHost.prompts);
      return `  host client: ${Math.round(perPrompt)} text.delta events per prompt, ${Math.round((perPrompt / hostMedian) * 1000)} events/s at the median`;
    },
  };
}

interface StreamWatch {
  readonly connected: Promise<void>;
  /** Resolves when the stream reports `sessionId` idle. */
  idle(sessionId: string): Promise<void>;
  /** Deltas of the prompts this watch timed, and how many prompts that was. */
  readonly counted: number;
  readonly prompts: number;
}

function rawDeltaSession(raw: unknown): string | undefined {
  const payload = (raw as { payload?: { type?: string; properties?: { sessionID?: string } } }).payload;
  return payload?.type === 'message.part.delta' ? payload.properties?.sessionID : undefined;
}

function hostDeltaSession(event: unknown): string | undefined {
  const { type, payload } = event as { type?: string; payload?: { sessionId?: string } };
  return type === 'text.delta' ? payload?.sessionId : undefined;
}

function rawIdle(raw: unknown): string | undefined {
  const payload = (raw as { payload?: { type?: string; properties?: { sessionID?: string } } }).payload;
  return payload?.type === 'session.idle' ? payload.properties?.sessionID : undefined;
}

function hostIdle(event: unknown): string | undefined {
  const { type, payload } = event as { type?: string; payload?: { sessionId?: string; status?: { type?: string } } };
  return type === 'session.status' && payload?.status?.type === 'idle' ? payload.sessionId : undefined;
}

/** Follows one SSE stream, counting matching events and resolving idle waiters. */
function watchStream(url: string, authorization: string, signal: AbortSignal, idleOf: (event: unknown) => string | undefined, deltaOf: (event: unknown) => string | undefined): StreamWatch {
  const waiters = new Map<string, () => void>();
  let counted = 0;
  let prompts = 0;
  let markConnected!: () => void;
  const connected = new Promise<void>((resolve) => (markConnected = resolve));
  void (async () => {
    const response = await fetch(url, { headers: { authorization, accept: 'text/event-stream' }, signal });
    if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
    markConnected();
    await readSseJson(response.body, (event) => {
      const delta = deltaOf(event);
      if (delta !== undefined && waiters.has(delta)) counted += 1; // only prompts this watch times
      const idle = idleOf(event);
      if (idle !== undefined) waiters.get(idle)?.();
    }, signal);
  })().catch(() => undefined);
  return {
    connected,
    idle: (sessionId) =>
      new Promise<void>((resolve) => {
        prompts += 1;
        waiters.set(sessionId, () => {
          waiters.delete(sessionId);
          resolve();
        });
      }),
    get counted() {
      return counted;
    },
    get prompts() {
      return prompts;
    },
  };
}
